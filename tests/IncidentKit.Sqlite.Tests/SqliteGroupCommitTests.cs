using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Sqlite.Tests;

// The group commit gives the alert intake's receipts the write lock first, and bounds how long one transaction keeps taking
// other writes, so a receipt never waits behind a processing round's queue of large writes.
public sealed class SqliteGroupCommitTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TenantId Tenant = new("acme");

    [Fact]
    public async Task ReceiveAsync_QueuedBehindLargeGroupSaves_IsDurableBeforeMostOfThem()
    {
        // Twenty group states of 2 MiB each (a storm's groups hold thousands of alerts), queued before the receipt: one
        // transaction used to take them all in arrival order, so the receipt was durable only after every one of them.
        var state = new string('x', 2 * 1024 * 1024);
        await ReceiveBehindTwentyFirstSavesAsync(i => new AlertGroupRecord(Tenant, $"group-{i}", 1, state, null));
    }

    [Fact]
    public async Task ReceiveAsync_QueuedBehindGroupSavesOfManyEntries_IsDurableBeforeMostOfThem()
    {
        // The same with a group's alerts as entries of their own: each save carries 2 000 entries of 1 KiB. A save is one write
        // however many entries it carries, so the 4 ms budget still bounds the transaction that holds the receipt.
        var entries = Enumerable.Range(0, 2000).ToDictionary(i => $"fp{i:D5}", i => new string('e', 1024));
        var path = await ReceiveBehindTwentyFirstSavesAsync(i => new AlertGroupRecord(Tenant, $"group-{i}", 1, "{}", null) { Entries = entries });

        Assert.Equal(20L * entries.Count, SqliteIncidentStoreTests.Scalar(path, "SELECT count(*) FROM alert_group_entries;"));
    }

    [Fact]
    public async Task ReceiveAsync_TokenCancelledBeforehand_ThrowsAndRecordsNothing()
    {
        using var store = NewStore();
        await store.MigrateAsync(Ct);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // The write gate is free, so the write would run at once: a cancelled token must still stop it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.ReceiveAsync(NewReceipt("fp-1"), cancelled.Token).AsTask());

        Assert.Empty(await store.ListReceivedAsync(Tenant, 10, Ct));
    }

    [Fact]
    public async Task SaveGroupAsync_WhileReceiptsKeepArriving_StillCommits()
    {
        using var store = NewStore();
        await store.MigrateAsync(Ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var next = 0;
        var senders = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await store.ReceiveAsync(NewReceipt($"fp-{Interlocked.Increment(ref next)}"), Ct);
            }
        })).ToList();

        var saved = await store.SaveGroupAsync(new AlertGroupRecord(Tenant, "group", 1, "{}", null), 0, Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.True(saved);
        Assert.Equal(next, (await store.ListReceivedAsync(Tenant, 10_000, Ct)).Count);
    }

    [Fact]
    public async Task SaveGroupAsync_ManyLargeStates_KeepsTheLogBoundedAndEveryStateReadable()
    {
        // The writer no longer copies the log into the database inside its commits; background checkpoints (and the writer's
        // safety net at ~40 MB) must still keep the log from growing with everything ever written.
        var path = fixture.NewDatabasePath();
        using var store = NewStore(path);
        var state = new string('y', 1024 * 1024);
        for (var i = 0; i < 60; i++)
        {
            Assert.True(await store.SaveGroupAsync(new AlertGroupRecord(Tenant, $"group-{i}", 1, state, null), 0, Ct));
        }

        Assert.True(new FileInfo(path + "-wal").Length < 50L * 1024 * 1024, $"The log grew to {new FileInfo(path + "-wal").Length:N0} bytes.");
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(state.Length, (await store.FindGroupOrNullAsync(Tenant, $"group-{i}", Ct))!.State.Length);
        }
    }

    [Fact]
    public async Task Commit_WithAListener_RecordsHowLongEachTransactionHeldTheWriteLock()
    {
        using var store = NewStore();
        await store.MigrateAsync(Ct);
        var recorded = new ConcurrentQueue<(double Seconds, bool ReceiptsOnly, int Writes)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "IncidentKit.Sqlite" && instrument.Name == "incidentkit.sqlite.transaction.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, seconds, tags, _) =>
        {
            bool? receiptsOnly = null;
            var writes = 0;
            foreach (var tag in tags)
            {
                receiptsOnly = tag.Key == "incidentkit.sqlite.receipts_only" ? (bool)tag.Value! : receiptsOnly;
                writes = tag.Key == "incidentkit.sqlite.writes.count" ? (int)tag.Value! : writes;
            }

            recorded.Enqueue((seconds, receiptsOnly!.Value, writes));
        });
        listener.Start();

        await store.ReceiveAsync(NewReceipt("fp-1"), Ct);
        var afterReceipt = recorded.ToList();
        await store.SaveGroupAsync(new AlertGroupRecord(Tenant, "group", 1, "{}", null), 0, Ct);

        // The meter is the process's: other tests' stores record too, so look for this store's kinds of transaction.
        Assert.Contains(afterReceipt, r => r.ReceiptsOnly && r.Writes >= 1 && r.Seconds > 0);
        Assert.Contains(recorded, r => !r.ReceiptsOnly && r.Writes >= 1 && r.Seconds > 0);
    }

    // Queues twenty first saves of groups, then a receipt, and checks that the receipt was durable before most of the saves were
    // (and that every save committed); returns the database's path.
    private async Task<string> ReceiveBehindTwentyFirstSavesAsync(Func<int, AlertGroupRecord> group)
    {
        var path = fixture.NewDatabasePath();
        using var store = NewStore(path);
        await store.MigrateAsync(Ct);
        using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await reader.OpenAsync(Ct);
        using var durable = reader.CreateCommand();
        durable.CommandText = "SELECT count(*) FROM alert_groups;";

        var saves = Enumerable.Range(0, 20).Select(i => store.SaveGroupAsync(group(i), 0, Ct).AsTask()).ToList();
        var receipt = await store.ReceiveAsync(NewReceipt("fp-1"), Ct);
        var savedByThen = (long)(await durable.ExecuteScalarAsync(Ct))!;
        await Task.WhenAll(saves);

        Assert.True(receipt.IsNew);
        Assert.True(savedByThen < saves.Count, $"The receipt was durable only once all {saves.Count} saves queued before it were.");
        Assert.Equal(saves.Count, (long)(await durable.ExecuteScalarAsync(Ct))!);
        Assert.All(saves, s => Assert.True(s.Result));
        return path;
    }

    private SqliteIncidentStore NewStore(string? path = null) =>
        new(new SqliteStoreOptions { ConnectionString = $"Data Source={path ?? fixture.NewDatabasePath()}" }, SystemClock.Instance);

    private static AlertReceived NewReceipt(string fingerprint) => new(Guid.CreateVersion7(), Tenant, new Alert
    {
        Integration = AlertmanagerWebhook.Integration,
        Key = fingerprint,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown" },
        StartsAt = Instant.FromUtc(2026, 12, 7, 10, 0),
        Summary = "API is down",
    }, Instant.FromUtc(2026, 12, 7, 10, 0));
}
