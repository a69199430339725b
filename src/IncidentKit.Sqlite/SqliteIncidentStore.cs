using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

/// <summary>Keeps incident streams, due work and the outbox in one SQLite file: the embedded default store.</summary>
/// <remarks>
/// <para>Durability: the database runs in WAL mode with <c>synchronous=FULL</c>, so every acknowledged append has been flushed
/// to disk (the WAL is fsynced on each commit) and survives a process crash or power loss. Appends and claims run in
/// <c>BEGIN IMMEDIATE</c> transactions, so they take the write lock up front and never fail half-way on a lock upgrade.</para>
/// <para>Group commit: inside one process, writes go through one writer connection. Writes that arrive while a commit is in
/// progress are gathered into the next transaction (each in its own savepoint, so one write's conflict does not affect the
/// others) and share its fsync; none is acknowledged before that commit is durable. A single sequential writer is therefore
/// bounded by the disk's fsync latency, while many concurrent writers share it. Reads use pooled connections and run in
/// parallel with writes (WAL readers see the last committed state). A cancelled write may still have been stored; repeat
/// it, appends are idempotent.</para>
/// <para>Processes: several processes may share the
/// file: they wait for each other's write lock for up to <see cref="SqliteStoreOptions.BusyTimeout"/>. What holds across
/// processes, whatever their clocks: every append is atomic and checked against the stream's version under the file's write
/// lock, so each event a worker records is recorded once, and a process killed at any point (even with SIGKILL) loses nothing it
/// was told was stored. What depends on the clocks: leases are measured with the <see cref="IClock"/> given to each process's
/// store, so a lease is exclusive only while the processes' clocks agree to within the lease's margin (the lease minus the
/// worker's renewal interval). A process whose clock runs ahead takes over leases early and sees work due early; one whose clock
/// runs behind waits longer for lapsed leases. Two processes may then act on the same incident at once, and the slower one's
/// append is refused by the version check: duplicate effort, never a duplicate record. Where clocks cannot be kept in step
/// (or external effects must not run twice), use the PostgreSQL store, whose leases follow the database's clock.</para>
/// <para>After <see cref="Dispose"/>, every operation throws <see cref="ObjectDisposedException"/>.</para>
/// <para>The schema is created and migrated on first use (or by <see cref="MigrateAsync"/>), recorded in a
/// <c>schema_version</c> table.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed partial class SqliteIncidentStore : IIncidentStore, IDueWorkStore, IOutboxStore, IIncidentTimelineVerifier, Alerts.IAlertStore, IDisposable, IAsyncDisposable
{
    private const int ConstraintViolation = 19;

    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private readonly IClock _clock;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly IncidentSummaryCache _summaries = new();
    private SqliteConnection? _writer;
    private SqliteWriterStatements? _statements;
    private volatile bool _migrated;
    private bool _disposed;

    /// <summary>Initializes a store over a SQLite database file; nothing is opened until the first operation.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="clock">The clock that decides when work is due and when leases expire.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="clock"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (for example the database file's folder does not exist); the message lists every problem and names the path.</exception>
    public SqliteIncidentStore(SqliteStoreOptions options, IClock clock)
    {
        Guard.Against.Null(options);
        _clock = Guard.Against.Null(clock);
        _connectionString = options.Validate();
        _busyTimeoutMs = (int)Math.Ceiling(options.BusyTimeout.TotalMilliseconds);
    }

    /// <summary>Creates the schema or brings it up to date, if that has not happened yet.</summary>
    /// <param name="cancellationToken">The token to cancel the wait for the writer.</param>
    /// <returns>A task that completes when the schema is current.</returns>
    /// <exception cref="InvalidOperationException">The database has a newer schema than this library knows.</exception>
    /// <exception cref="SqliteException">The database cannot be opened or written.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Writer();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromVersion);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();

        // One statement, so the version and the events come from the same snapshot.
        command.CommandText = """
            SELECT s.version, e.data FROM streams s
            LEFT JOIN events e ON e.tenant = s.tenant AND e.incident = s.incident AND e.version > $from
            WHERE s.tenant = $tenant AND s.incident = $incident
            ORDER BY e.version;
            """;
        command.Parameters.AddWithValue("$tenant", tenant.Value);
        command.Parameters.AddWithValue("$incident", Key(incident));
        command.Parameters.AddWithValue("$from", fromVersion);
        var version = 0L;
        var events = new List<Incidents.Events.IncidentEvent>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                version = reader.GetInt64(0);
                if (!reader.IsDBNull(1))
                {
                    events.Add(IncidentEventSerializer.Deserialize(reader.GetString(1)));
                }
            }
        }

        return new IncidentHistory(tenant, incident, version, fromVersion, events);
    }

    /// <inheritdoc />
    public async ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default)
    {
        var after = StoreContract.CheckQuery(query);
        if (query.States.Count == 0)
        {
            return new IncidentPage([], null);
        }

        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder("SELECT incident, version, summary FROM streams WHERE tenant = $tenant AND state IN (");
        sql.AppendJoin(',', query.States.Distinct().Select(s => ((int)s).ToString(CultureInfo.InvariantCulture))).Append(')');
        command.Parameters.AddWithValue("$tenant", tenant.Value);
        if (query.Priority is { } priority)
        {
            sql.Append(" AND priority = $priority");
            command.Parameters.AddWithValue("$priority", priority.Level);
        }

        if (query.Assignee is { } assignee)
        {
            sql.Append(" AND assignee = $assignee");
            command.Parameters.AddWithValue("$assignee", assignee.Value);
        }

        if (query.Category is { } category)
        {
            // Equal, or below it: a prefix test on the normalised key (no LIKE, so '%' and '_' in names are literal).
            sql.Append(" AND (category_key = $category OR substr(category_key, 1, $prefixLength) = $prefix)");
            var key = StoreContract.CategoryKey(category);
            command.Parameters.AddWithValue("$category", key);
            command.Parameters.AddWithValue("$prefix", key + "/");
            command.Parameters.AddWithValue("$prefixLength", key.Length + 1);
        }

        if (after is { } position)
        {
            sql.Append(" AND (opened_at > $afterTicks OR (opened_at = $afterTicks AND incident > $afterId))");
            command.Parameters.AddWithValue("$afterTicks", position.OpenedAtTicks);
            command.Parameters.AddWithValue("$afterId", position.Id.ToString("N"));
        }

        sql.Append(" ORDER BY opened_at, incident LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.PageSize + 1);
        command.CommandText = sql.ToString();

        var items = new List<IncidentSummary>(Math.Min(query.PageSize + 1, 128));
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Parsed only when the incident changed since it was last listed (the version is read with the row).
                items.Add(_summaries.GetOrParse(tenant, new IncidentId(Guid.ParseExact(reader.GetString(0), "N")), reader.GetInt64(1), reader, static r => r.GetString(2)));
            }
        }

        if (items.Count <= query.PageSize)
        {
            return new IncidentPage(items, null);
        }

        items.RemoveAt(items.Count - 1);
        return new IncidentPage(items, ContinuationToken.Format(items[^1]));
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckChange(change);

        // The JSON is written before the write lock is taken: a storm's append of a hundred links serialised them while every
        // other write, the alert intake's receipts included, waited.
        var summaryJson = IncidentSummarySerializer.Serialize(change.Summary);
        var json = change.Events.Select(IncidentEventSerializer.Serialize).ToArray();
        return WriteAsync(_ => Append(_statements!, change, summaryJson, json), cancellationToken);
    }

    /// <summary>Closes the writer connection and the pooled connections of this database.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writeGate.Wait();
        try
        {
            WaitForCheckpoint();
            _statements?.Dispose();
            if (_writer is not null)
            {
                SqliteConnection.ClearPool(_writer);
                _writer.Dispose();
                _writer = null;
            }

            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
        finally
        {
            // The gate stays usable: writers still queued get it in turn and fail with ObjectDisposedException instead of
            // waiting forever.
            _writeGate.Release();
        }
    }

    /// <summary>Closes the writer connection and the pooled connections of this database.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static string Key(IncidentId incident) => incident.Value.ToString("N");

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    // Runs inside the group transaction, in the savepoint of this write; the caller rolls the savepoint back on an exception.
    private static AppendResult Append(SqliteWriterStatements sql, IncidentChange change, string summaryJson, string[] json)
    {
        var tenant = change.Tenant.Value;
        var incident = Key(change.Incident);
        SqliteWriterStatements.Bind(sql.Version, tenant, incident);
        var actual = sql.Version.ExecuteScalar() is long v ? v : 0;
        if (actual != change.ExpectedVersion.Value)
        {
            return IsRepeat(sql, change, tenant, incident)
                ? new AppendResult(actual, WasDuplicate: true)
                : throw new IncidentConcurrencyException(change.Tenant, change.Incident, change.ExpectedVersion, actual);
        }

        var summary = change.Summary;
        var stream = change.ExpectedVersion == ExpectedVersion.NoIncident ? sql.InsertStream : sql.UpdateStream;
        SqliteWriterStatements.Bind(stream, tenant, incident, summary.Version, (int)summary.State, summary.Priority.Level, summary.Assignee?.Value,
            summary.Category is { } c ? StoreContract.CategoryKey(c) : null, summary.OpenedAt.ToUnixTimeTicks(), summaryJson,
            IncidentActivity.SettledAt(summary)?.ToUnixTimeTicks() ?? long.MaxValue);
        stream.ExecuteNonQuery();
        try
        {
            var version = change.ExpectedVersion.Value;
            var links = EventChain.Link(change.Tenant, change.Incident, version, HeadHash(sql, change, tenant, incident), json);
            for (var i = 0; i < json.Length; i++)
            {
                SqliteWriterStatements.Bind(sql.InsertEvent, tenant, incident, ++version, change.Events[i].EventId.ToString("N"), json[i], links[i].Previous, links[i].Hash);
                sql.InsertEvent.ExecuteNonQuery();
            }

            foreach (var m in change.Outbox)
            {
                SqliteWriterStatements.Bind(sql.InsertOutbox, m.Id.ToString("N"), tenant, incident, m.Kind, m.Payload, m.IdempotencyKey, m.CreatedAt.ToUnixTimeTicks());
                sql.InsertOutbox.ExecuteNonQuery();
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == ConstraintViolation)
        {
            sql.RollbackToSavepoint.ExecuteNonQuery();
            return IsRepeat(sql, change, tenant, incident)
                ? new AppendResult(actual, WasDuplicate: true)
                : throw new ArgumentException($"The change repeats an event or outbox message id stored already (a change is either wholly new or a repeat): {e.Message}", nameof(change), e);
        }

        if (change.NextDue is { } due)
        {
            SqliteWriterStatements.Bind(sql.PlanDue, tenant, incident, due.DueAt.ToUnixTimeTicks(), (int)due.Kind);
            sql.PlanDue.ExecuteNonQuery();
        }
        else
        {
            SqliteWriterStatements.Bind(sql.DeleteDue, tenant, incident);
            sql.DeleteDue.ExecuteNonQuery();
        }

        return new AppendResult(summary.Version, WasDuplicate: false);
    }

    // SQLite rolls some failed transactions back by itself (e.g. on a full disk); the original error is what matters.
    private static void RollbackQuietly(SqliteConnection connection)
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
        {
            SqliteSchema.Execute(connection, "ROLLBACK;");
        }
    }

    private static bool IsRepeat(SqliteWriterStatements sql, IncidentChange change, string tenant, string incident)
    {
        foreach (var e in change.Events)
        {
            SqliteWriterStatements.Bind(sql.EventInStream, e.EventId.ToString("N"), tenant, incident);
            if (sql.EventInStream.ExecuteScalar() is null)
            {
                return false;
            }
        }

        return true;
    }

    // Call only while holding the write gate.
    private SqliteConnection Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is not null)
        {
            return _writer;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SqliteSchema.Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"));
            SqliteSchema.Execute(connection, WriterCheckpointPragma);

            // Every write runs in a savepoint of the group transaction, and SQLite keeps the original of each page a write changes
            // until the savepoint is released (to roll back to it): in memory here, not in a temporary file past 64 KiB. A storm
            // round's save of hundreds of alert group entries changes a page per few entries; with the file, the write lock was
            // held about half as long again (benchmarks/RESULTS.md, "alert group entries").
            SqliteSchema.Execute(connection, "PRAGMA temp_store = MEMORY;");
            if (!_migrated)
            {
                SqliteSchema.Migrate(connection, _clock.GetCurrentInstant());
                _migrated = true;
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _statements = new SqliteWriterStatements(connection);
        return _writer = connection;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = Command(connection, string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs};"));
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
