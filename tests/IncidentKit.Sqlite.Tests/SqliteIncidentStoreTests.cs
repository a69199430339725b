using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Sqlite.Tests;

// What only SQLite has: the file's settings, its migrations, its options, and two stores (as two processes would) on one file.
public sealed class SqliteIncidentStoreTests(SqliteStoreFixture fixture)
{
    private static readonly UserId Actor = new("user:alice");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 15, 10, 0));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_NewFile_CreatesTheSchemaInWalMode()
    {
        var path = fixture.NewDatabasePath();
        using (var store = Open(path))
        {
            await store.MigrateAsync(Ct);
        }

        Assert.Equal("wal", Scalar(path, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteSchema.Latest, Scalar(path, "SELECT max(version) FROM schema_version;"));
        Assert.Equal((long)SqliteSchema.Latest, Scalar(path, "SELECT count(*) FROM schema_version;"));
    }

    [Fact]
    public async Task Reopen_ExistingFile_KeepsDataAndDoesNotMigrateAgain()
    {
        var path = fixture.NewDatabasePath();
        var incident = NewIncident();
        using (var store = Open(path))
        {
            await store.AppendAsync(IncidentChange.For(incident), Ct);
        }

        using (var reopened = Open(path))
        {
            Assert.Equal(1, (await reopened.ReadAsync(incident.Tenant, incident.Id, 0, Ct)).Version);
        }

        Assert.Equal((long)SqliteSchema.Latest, Scalar(path, "SELECT count(*) FROM schema_version;"));
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanTheLibrary_Throws()
    {
        var path = fixture.NewDatabasePath();
        using (var store = Open(path))
        {
            await store.MigrateAsync(Ct);
        }

        Scalar(path, "INSERT INTO schema_version (version, applied_at) VALUES (99, 'later');");
        using var newer = Open(path);

        await Assert.ThrowsAsync<InvalidOperationException>(() => newer.MigrateAsync(Ct));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteIncidentStore(
            new SqliteStoreOptions { ConnectionString = "Data Source=:memory:", BusyTimeout = TimeSpan.Zero }, _clock));

        Assert.Contains("ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("BusyTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_TwoStoresOnOneFile_DetectEveryConflict()
    {
        var path = fixture.NewDatabasePath();
        using var first = Open(path);
        using var second = Open(path);
        var incident = NewIncident();
        await first.AppendAsync(IncidentChange.For(incident), Ct);
        var services = new[] { new IncidentService(first, _clock, new IncidentServiceOptions { MaxAttempts = 100 }), new IncidentService(second, _clock, new IncidentServiceOptions { MaxAttempts = 100 }) };

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var c = 0; c < 50; c++)
            {
                await services[w % 2].ExecuteAsync(incident.Tenant, incident.Id, (i, at) => i.AddWorkNote($"w{w} c{c}", at, Actor), Ct);
            }
        }, Ct)));

        var history = await second.ReadAsync(incident.Tenant, incident.Id, 0, Ct);
        Assert.Equal(201, history.Version);
        Assert.Equal(201, history.Events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ListAsync_IncidentChangedThroughAnotherStoreOnTheFile_ListsTheNewStateAtOnce()
    {
        var path = fixture.NewDatabasePath();
        using var first = Open(path);
        using var second = Open(path);
        var incident = NewIncident();
        await first.AppendAsync(IncidentChange.For(incident), Ct);
        Assert.Equal(IncidentState.New, Assert.Single((await first.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items).State);

        // Another process acknowledges it: the first store's cached summary (version 1) must not be listed any more.
        await new IncidentService(second, _clock).ExecuteAsync(incident.Tenant, incident.Id, (i, at) => i.Acknowledge(at, Actor), Ct);

        var listed = Assert.Single((await first.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items);
        Assert.Equal((IncidentState.Acknowledged, 2L), (listed.State, listed.Version));
        Assert.Equal(listed, Assert.Single((await first.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items));
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var store = Open(fixture.NewDatabasePath());
        await store.MigrateAsync(Ct);
        store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.AppendAsync(IncidentChange.For(NewIncident()), Ct).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.ReadAsync(TenantId.Default, IncidentId.New(), 0, Ct).AsTask());
    }

    private SqliteIncidentStore Open(string path) => new(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, _clock);

    private Incident NewIncident() => Incident.Open(IncidentId.New(), TenantId.Default,
        new NewIncident { Title = "Disk full", Impact = new Impact(2), Urgency = new Urgency(2) }, _clock.GetCurrentInstant(), Actor);

    internal static object? Scalar(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
