using IncidentKit.Communication;
using IncidentKit.Hosting;
using IncidentKit.OnCall;
using IncidentKit.PostgreSql;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses the PostgreSQL store for IncidentKit in a host: many nodes, one database.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitBuilderPostgreSqlExtensions
{
    /// <summary>Keeps incidents, due work and the outbox in a PostgreSQL database, in the default schema <c>incidentkit</c>.</summary>
    /// <param name="builder">The builder from <c>AddIncidentKit</c>.</param>
    /// <param name="connectionString">The connection string, e.g. <c>Host=db;Username=incidentkit;Database=incidentkit</c>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is null.</exception>
    /// <remarks>See <see cref="UsePostgreSql(IncidentKitBuilder, string, Action{PostgreSqlStoreOptions}?)"/>.</remarks>
    public static IncidentKitBuilder UsePostgreSql(this IncidentKitBuilder builder, string connectionString) => UsePostgreSql(builder, connectionString, null);

    /// <summary>Keeps incidents, due work and the outbox in a PostgreSQL database, over a data source this registration owns.</summary>
    /// <param name="builder">The builder from <c>AddIncidentKit</c>.</param>
    /// <param name="connectionString">The connection string, e.g. <c>Host=db;Username=incidentkit;Database=incidentkit</c>.</param>
    /// <param name="configure">Sets the store options (the schema), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="connectionString"/> is null.</exception>
    /// <remarks>The schema is created or migrated on first use. Leases are decided by the database clock, so the nodes'
    /// own clocks may drift without a claim being handed out twice. The data source is disposed with the host. The database
    /// also keeps the state every node must share: subscriptions (<see cref="ISubscriptionStore"/>), run-time on-call changes
    /// (<see cref="IOnCallAdjustmentStore"/>), the dispatchers' delivery ledger (<see cref="IDeliveryDeduplicationStore"/>: two
    /// dispatchers send each key once) and throttling windows (<see cref="INotificationThrottleStore"/>), and the outbox's dead
    /// letters (<see cref="IOutboxDeadLetterStore"/>), in place of the in-memory defaults; a port the host registered itself
    /// keeps the host's registration.</remarks>
    public static IncidentKitBuilder UsePostgreSql(this IncidentKitBuilder builder, string connectionString, Action<PostgreSqlStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connectionString);
        builder.Services.RemoveAll<OwnedDataSource>();
        builder.Services.AddSingleton(_ => new OwnedDataSource(NpgsqlDataSource.Create(connectionString)));
        return Register(builder, sp => sp.GetRequiredService<OwnedDataSource>().DataSource, configure);
    }

    /// <summary>Keeps incidents, due work and the outbox in a PostgreSQL database, over a data source the host owns.</summary>
    /// <param name="builder">The builder from <c>AddIncidentKit</c>.</param>
    /// <param name="dataSource">Returns the data source, e.g. <c>sp => sp.GetRequiredService&lt;NpgsqlDataSource&gt;()</c>; the host disposes it.</param>
    /// <param name="configure">Sets the store options (the schema), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="dataSource"/> is null.</exception>
    public static IncidentKitBuilder UsePostgreSql(this IncidentKitBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgreSqlStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        return Register(builder, dataSource, configure);
    }

    private static IncidentKitBuilder Register(IncidentKitBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgreSqlStoreOptions>? configure)
    {
        var options = builder.Services.AddOptions<PostgreSqlStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.UseStore(sp => new PostgreSqlIncidentStore(dataSource(sp), sp.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value));
    }

    // The data source created from a connection string belongs to this registration; the container disposes it with the host.
    private sealed class OwnedDataSource(NpgsqlDataSource dataSource) : IAsyncDisposable, IDisposable
    {
        public NpgsqlDataSource DataSource { get; } = dataSource;

        public ValueTask DisposeAsync() => DataSource.DisposeAsync();

        public void Dispose() => DataSource.Dispose();
    }
}
