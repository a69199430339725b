using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IncidentKit.Hosting;

/// <summary>Chains the choices that complete an IncidentKit registration: the store adapter and, later, notification channels.</summary>
/// <remarks>Returned by <c>services.AddIncidentKit(…)</c>; adapter packages add extension methods such as <c>UseSqlite(…)</c>.</remarks>
/// <threadsafety>This type is not thread-safe; use it while the services are being configured.</threadsafety>
public sealed class IncidentKitBuilder
{
    /// <summary>Initializes a builder over a service collection that IncidentKit was added to.</summary>
    /// <param name="services">The service collection.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public IncidentKitBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>Gets the service collection, for adapters to register their services in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Keeps incidents, due work and notifications in memory: for tests, demos and single-process tools.</summary>
    /// <returns>This builder.</returns>
    /// <remarks>This is also the default when no store adapter is chosen. Nothing survives the process, and undelivered
    /// notifications stay in memory until a dispatcher takes them.</remarks>
    public IncidentKitBuilder UseInMemory()
    {
        Services.RemoveAll<IIncidentStore>();
        Services.RemoveAll<IDueWorkStore>();
        Services.RemoveAll<IOutboxStore>();
        Services.RemoveAll<IOutboxDeadLetterStore>();
        Services.RemoveAll<InMemoryIncidentStore>();
        Services.AddSingleton(sp => new InMemoryIncidentStore(sp.GetRequiredService<NodaTime.IClock>()));
        Services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<InMemoryIncidentStore>());
        Services.AddSingleton<IDueWorkStore>(sp => sp.GetRequiredService<InMemoryIncidentStore>());
        Services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<InMemoryIncidentStore>());
        Services.AddSingleton<IOutboxDeadLetterStore>(sp => sp.GetRequiredService<InMemoryIncidentStore>());
        return this;
    }
}
