using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using Npgsql;
using NpgsqlTypes;
using NodaTime;

namespace IncidentKit.PostgreSql;

/// <summary>Keeps incident streams, due work and the outbox in PostgreSQL: for several nodes sharing one database.</summary>
/// <remarks>
/// <para>Appends: each is one statement (READ COMMITTED) that inserts the stream row (<c>ON CONFLICT DO NOTHING</c>) or updates
/// it only at the expected version, which serialises concurrent writers on that row, and writes the events, due plan, outbox and
/// notification only when that happened; events carry a unique (tenant, incident, version) key and a unique event id, so no two
/// writers can both append at one version. Appends waiting at the same time are committed together in one transaction (group
/// commit, one round trip); if that transaction fails, each is written again alone, so one failing append fails only its own
/// caller. A unique violation (SQLSTATE 23505) becomes either an idempotent repeat or an <see cref="ArgumentException"/>. The hot
/// statements run prepared.</para>
/// <para>Claims: <c>FOR UPDATE SKIP LOCKED</c> lets nodes claim different items at once without waiting; lease expiry is
/// decided by the database clock (<c>now()</c>), so node clocks may disagree. Lease tokens come from a sequence.</para>
/// <para>Failures: when the connection or its server process dies mid-operation (for example <c>pg_terminate_backend</c>),
/// the operation throws <see cref="NpgsqlException"/> and PostgreSQL rolls its transaction back, so nothing is half-written;
/// repeat it (appends are idempotent). Migrations run on first use (or <see cref="MigrateAsync"/>) under a transaction-level
/// advisory lock; the store never takes a session-level lock, which would survive <c>Close</c> on a pooled connection.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed partial class PostgreSqlIncidentStore : IIncidentStore, IDueWorkStore, IOutboxStore, IIncidentTimelineVerifier, Alerts.IAlertStore
{
    private const string UniqueViolation = "23505";
    private const int MaxNotifyBytes = 8000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly IClock? _testClock;
    private readonly string _now;
    private readonly string? _notifyChannel;
    private readonly Func<IncidentChange, string?>? _notifyPayload;
    private readonly IncidentSummaryCache _summaries = new();
    private Task? _migrating;
    private volatile bool _migrated;

    /// <summary>Initializes a store over a PostgreSQL data source; the schema is created or migrated on first use.</summary>
    /// <param name="dataSource">The data source (its pool, host and credentials); the caller owns and disposes it.</param>
    /// <param name="options">The options; <see langword="null"/> takes the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="dataSource"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public PostgreSqlIncidentStore(NpgsqlDataSource dataSource, PostgreSqlStoreOptions? options = null)
    {
        _dataSource = Guard.Against.Null(dataSource);
        options ??= new PostgreSqlStoreOptions();
        options.Validate();
        _schema = options.Schema;
        _testClock = options.TestClock;
        _now = _testClock is null ? "now()" : "@now";
        _notifyChannel = options.NotifyChannel;
        _notifyPayload = options.NotifyPayload;
    }

    /// <summary>Creates the schema or brings it up to date, if that has not happened yet.</summary>
    /// <param name="cancellationToken">The token to cancel the migration.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this library knows.</exception>
    /// <exception cref="NpgsqlException">The database cannot be reached or refused the migration.</exception>
    public Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return Task.CompletedTask;
        }

        // Callers share one migration; a failed one is retried by the next caller. The caller's token only stops its wait.
        var current = Volatile.Read(ref _migrating);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var fresh = new Task<Task>(MigrateOnceAsync);
            var seen = Interlocked.CompareExchange(ref _migrating, fresh.Unwrap(), current);
            if (seen == current)
            {
                fresh.Start(TaskScheduler.Default);
            }
        }

        return Volatile.Read(ref _migrating)!.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        // The last event's hash comes too, so that the next append to this stream links its events without reading the head.
        using var command = new NpgsqlCommand($"""
            SELECT s.version, e.data::text, e.version = s.version, CASE WHEN e.version = s.version THEN e.hash END FROM {_schema}.streams s
            LEFT JOIN {_schema}.events e ON e.tenant = s.tenant AND e.incident = s.incident AND e.version > @from
            WHERE s.tenant = @tenant AND s.incident = @incident
            ORDER BY e.version;
            """);
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("incident", incident.Value);
        command.Parameters.AddWithValue("from", fromVersion);
        var version = 0L;
        var events = new List<IncidentEvent>();
        var connection = await OpenPreparedAsync(command, cancellationToken).ConfigureAwait(false);
        await using var connectionScope = connection.ConfigureAwait(false);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    events.Add(IncidentEventSerializer.Deserialize(reader.GetString(1)));
                    if (reader.GetBoolean(2) && !reader.IsDBNull(3) && reader.GetFieldValue<byte[]>(3) is { Length: EventChain.HashLength } head)
                    {
                        _heads.Remember(tenant, incident, version, head);
                    }
                }
            }
        }

        return new IncidentHistory(tenant, incident, version, fromVersion, events);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default)
    {
        var after = StoreContract.CheckQuery(query);
        if (query.States.Count == 0)
        {
            return new IncidentPage([], null);
        }

        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // The page's keys and versions first: a summary kept in the cache at that version is not read again (turning 50 jsonb
        // summaries into text was most of the database's work per page). The rest are read by key; when one of them changed in
        // between, the page is read again whole, summaries included, so that it is one consistent answer to the query.
        var keys = await ListKeysAsync(tenant, query, after, cancellationToken).ConfigureAwait(false);
        var items = new List<IncidentSummary>(keys.Count);
        List<IncidentId>? missing = null;
        foreach (var (id, version) in keys)
        {
            if (_summaries.TryGet(tenant, id, version, out var kept))
            {
                items.Add(kept);
            }
            else
            {
                items.Add(null!);
                (missing ??= []).Add(id);
            }
        }

        if (missing is not null && !await FillSummariesAsync(tenant, keys, items, missing, cancellationToken).ConfigureAwait(false))
        {
            items = await ListWholeAsync(tenant, query, after, cancellationToken).ConfigureAwait(false);
        }

        if (items.Count <= query.PageSize)
        {
            return new IncidentPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new IncidentPage(items, ContinuationToken.Format(items[^1]));
    }

    private async Task MigrateOnceAsync()
    {
        await PostgreSqlSchema.MigrateAsync(_dataSource, _schema, CancellationToken.None).ConfigureAwait(false);
        _migrated = true;
    }

    private static DateTime Utc(Instant instant) => instant.ToDateTimeUtc();

    private static Instant ReadInstant(NpgsqlDataReader reader, int ordinal) => Instant.FromDateTimeUtc(reader.GetFieldValue<DateTime>(ordinal));

    // One due row per key (an incident's, or a check's), replaced by every plan; a re-plan to another instant or kind drops the
    // lease so that the old holder's completion is refused and the new plan survives.
    private string PlanDueSql => $"""
        INSERT INTO {_schema}.due_work AS d (tenant, incident, due_at, due_ticks, kind) VALUES (@tenant, @incident, @dueAt, @dueTicks, @kind)
        {ReplanDue};
        """;

    // The conflict clause of a due plan into due_work AS d: the new instant and kind, keeping the lease only for the same plan.
    private const string ReplanDue = """
        ON CONFLICT (tenant, incident) DO UPDATE SET
            lease_owner = CASE WHEN d.due_ticks = excluded.due_ticks AND d.kind = excluded.kind THEN d.lease_owner END,
            lease_token = CASE WHEN d.due_ticks = excluded.due_ticks AND d.kind = excluded.kind THEN d.lease_token END,
            lease_expires = CASE WHEN d.due_ticks = excluded.due_ticks AND d.kind = excluded.kind THEN d.lease_expires END,
            due_at = excluded.due_at,
            due_ticks = excluded.due_ticks,
            kind = excluded.kind
        """;

    private static void AddDue(NpgsqlParameterCollection parameters, DueWork due)
    {
        parameters.AddWithValue("dueAt", Utc(due.DueAt));
        parameters.AddWithValue("dueTicks", due.DueAt.ToUnixTimeTicks());
        parameters.AddWithValue("kind", (int)due.Kind);
    }

    private void AddNow(NpgsqlCommand command)
    {
        if (_testClock is not null)
        {
            command.Parameters.AddWithValue("now", Utc(_testClock.GetCurrentInstant()));
        }
    }
}
