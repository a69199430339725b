using System.Threading.RateLimiting;
using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Alerts;
using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the alert intake (processor, background worker, rate limiting) to a service collection.</summary>
/// <threadsafety>Call during start-up only.</threadsafety>
public static class IncidentKitAlertsServiceCollectionExtensions
{
    /// <summary>Adds the alert intake: an <see cref="AlertProcessor"/> over the incident store (which must implement
    /// <see cref="IAlertStore"/>, as the shipped stores do), a background worker that processes the inbox, and the endpoints'
    /// rate-limiting policy. Call <c>AddIncidentKit</c> first, and <c>app.UseRateLimiter()</c> before mapping the endpoints.</summary>
    /// <remarks>It also adds an <see cref="AlertAutoResolveAutomation"/> to the host's <see cref="IncidentService"/>, so that an incident
    /// whose automatic resolve its runbook's required steps held resolves once they are done (see the class).</remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The services.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IServiceCollection AddIncidentKitAlerts(this IServiceCollection services, Action<AlertEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new AlertEndpointOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton<AlertIntakeSignal>();
        services.TryAddSingleton(sp => new IntegrationKeyCache(sp.GetRequiredService<IAlertStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<AlertEndpointOptions>().IntegrationKeyCacheDuration));
        services.TryAddSingleton<IAlertStore>(sp => sp.GetRequiredService<IIncidentStore>() as IAlertStore
            ?? throw new InvalidOperationException("The registered incident store does not keep an alert inbox; register an IAlertStore."));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<AlertEndpointOptions>();
            return new AlertProcessor(sp.GetRequiredService<IAlertStore>(), sp.GetRequiredService<IncidentService>(), sp.GetRequiredService<IClock>(),
                o.Routes, o.Intake, o.Heartbeats)
            {
                Silences = new SilenceSet(o.MaintenanceWindows),
                Authorizer = sp.GetService<IncidentKit.Authorization.IIncidentAuthorizer>() ?? IncidentKit.Authorization.RoleIncidentAuthorizer.Instance,
            };
        });
        // A resolve the runbook gate held is made once the last required step is done: an automation of the IncidentService.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncidentAutomation, AlertAutoResolveAutomation>(
            sp => new AlertAutoResolveAutomation(sp.GetRequiredService<IAlertStore>(), sp.GetRequiredService<AlertEndpointOptions>().Intake)));
        services.TryAddSingleton(sp => new MaintenanceWindowService(sp.GetRequiredService<IAlertStore>() as IMaintenanceWindowStore
            ?? throw new InvalidOperationException("The registered alert store does not keep maintenance windows; implement IMaintenanceWindowStore."),
            sp.GetRequiredService<AlertProcessor>(), sp.GetRequiredService<IClock>()));
        services.AddHostedService<AlertIntakeWorker>();
        services.AddProblemDetails();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(options.RateLimitPolicy, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, options.PermitsPerSecond),
                    TokensPerPeriod = Math.Max(1, options.PermitsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
        });
        return services;
    }
}
