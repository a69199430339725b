using IncidentKit.Communication;
using IncidentKit.Hosting;
using IncidentKit.OnCall;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the SQLite store for IncidentKit in a host.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitBuilderSqliteExtensions
{
    /// <summary>Keeps incidents, due work and the outbox in one SQLite database file.</summary>
    /// <param name="builder">The builder from <c>AddIncidentKit</c>.</param>
    /// <param name="connectionString">The connection string, naming a database file, e.g. <c>Data Source=incidents.db</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is null.</exception>
    /// <remarks>The schema is created or migrated on first use. Leases are measured with the host's clock (its
    /// <see cref="TimeProvider"/>), so processes sharing the file should share a time source.</remarks>
    public static IncidentKitBuilder UseSqlite(this IncidentKitBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return UseSqlite(builder, o => o.ConnectionString = connectionString);
    }

    /// <summary>Keeps incidents, due work and the outbox in one SQLite database file, with options set in code.</summary>
    /// <param name="builder">The builder from <c>AddIncidentKit</c>.</param>
    /// <param name="configure">Sets the store options (connection string, busy timeout).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <remarks>Invalid options surface when the store is first resolved, as an <see cref="ArgumentException"/> listing every problem.
    /// Choosing a store replaces any store chosen before (<see cref="IncidentKitBuilder.UseStore{TStore}(Func{IServiceProvider, TStore})"/>); calling
    /// this again configures the same <see cref="SqliteStoreOptions"/> further (they are the host's <c>IOptions&lt;SqliteStoreOptions&gt;</c>). The same file also keeps the
    /// state that must survive a restart and be shared by processes: subscriptions (<see cref="ISubscriptionStore"/>), run-time
    /// on-call changes (<see cref="IOnCallAdjustmentStore"/>), the dispatcher's delivery ledger
    /// (<see cref="IDeliveryDeduplicationStore"/>) and throttling windows (<see cref="INotificationThrottleStore"/>), and the
    /// outbox's dead letters (<see cref="IOutboxDeadLetterStore"/>), in place of the in-memory defaults; a port the host
    /// registered itself keeps the host's registration.</remarks>
    public static IncidentKitBuilder UseSqlite(this IncidentKitBuilder builder, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SqliteStoreOptions>().Configure(configure);
        return builder.UseStore(static sp => new SqliteIncidentStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, sp.GetRequiredService<IClock>()));
    }
}
