using IncidentKit.Alerts;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace IncidentKit.PostgreSql.Tests;

// Concurrent receipts and completions share transactions and commits, with each other and with appends (group commit,
// PostgreSqlIncidentStore.GroupCommit.cs); a round's records complete in one statement; a group's version is read alone.
public sealed class PostgreSqlInboxBatchTests(PostgreSqlStoreFixture fixture)
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly Instant At = Instant.FromUtc(2026, 12, 6, 22, 0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReceiveAsync_64Concurrent_ShareFewCommitsAndAreDurableWhenAnswered()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var receipts = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => store.ReceiveAsync(Received(i, $"fp{i}"), Ct).AsTask()));

            Assert.All(receipts, r => Assert.True(r.IsNew));
            // Read through a connection of its own: every answered receipt is committed. Each row's xmin is the transaction
            // that wrote it; one by one, that was 64 transactions (64 commits, 64 WAL flushes).
            await using var source = NpgsqlDataSource.Create(fixture.ConnectionString);
            await using var count = source.CreateCommand($"SELECT count(*), count(DISTINCT xmin::text) FROM {schema}.alert_inbox;");
            await using var reader = await count.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            Assert.Equal(64, reader.GetInt64(0));
            Assert.InRange(reader.GetInt64(1), 1, 16);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task CompleteReceivedAsync_64Concurrent_ShareCommitsAndAStaleLeaseIsStillRefused()
    {
        fixture.RequireDatabase();
        var clock = new FakeClock(At);
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(clock);
        try
        {
            foreach (var i in Enumerable.Range(0, 65))
            {
                await store.ReceiveAsync(Received(i, $"fp{i}"), Ct);
            }

            var claimed = await store.ClaimReceivedAsync("node-a", Duration.FromMinutes(1), 65, Ct);
            var stale = claimed[^1] with { Lease = claimed[^1].Lease with { Token = claimed[^1].Lease.Token + 1000 } };
            var completed = await Task.WhenAll(claimed.Take(64).Append(stale).Select(c => Task.Run(() => store.CompleteReceivedAsync(c, Ct).AsTask(), Ct)));

            Assert.All(completed.Take(64), Assert.True);
            Assert.False(completed[^1]); // grouped or not, a completion under a lease that is not the holder's changes nothing
            // One by one, 64 completions were 64 transactions (64 commits, 64 WAL flushes); xmin names each row's writer.
            await using var count = fixture.RequireDatabase().CreateCommand($"SELECT count(*), count(DISTINCT xmin::text) FROM {schema}.alert_inbox WHERE processed;");
            await using var reader = await count.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            Assert.Equal(64, reader.GetInt64(0));
            Assert.InRange(reader.GetInt64(1), 1, 32);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ReceiveAsync_TheSameAlertTenTimesAtOnce_OneRowTenOccurrencesOneNew()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var receipts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.ReceiveAsync(Received(0, "same"), Ct).AsTask()));

            Assert.Single(receipts, r => r.IsNew);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), receipts.Select(r => r.Occurrences).Order());
            var row = Assert.Single(await store.ListReceivedAsync(Tenant, 100, Ct));
            Assert.Equal(10, row.Occurrences);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ReceiveAsync_OneAlertThePostgreSqlJsonRefusesAmongMany_FailsOnlyThatOne()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            // jsonb refuses the escaped NUL character, so that receipt's upsert fails and takes its transaction with it.
            var writes = Enumerable.Range(0, 20)
                .Select(i => store.ReceiveAsync(Received(i, $"fp{i}", i == 7 ? "bad \u0000 summary" : "fine"), Ct).AsTask())
                .ToList();
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => writes[7]);

            Assert.All(await Task.WhenAll(writes.Where((_, i) => i != 7)), r => Assert.True(r.IsNew));
            var keys = (await store.ListReceivedAsync(Tenant, 100, Ct)).Select(r => r.Alert.Key).Order(StringComparer.Ordinal);
            Assert.Equal(Enumerable.Range(0, 20).Where(i => i != 7).Select(i => $"fp{i}").Order(StringComparer.Ordinal), keys);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task CompleteAllReceivedAsync_ARoundOf100Records_OneStatementInOneTransactionAndAStaleLeaseRefused()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var claimed = await ReceiveAndClaimAsync(store, 100);
            var stale = claimed[^1] with { Lease = claimed[^1].Lease with { Token = claimed[^1].Lease.Token + 1000 } };

            var (completed, statements) = await NpgsqlStatementRecorder.StatementsAsync(schema,
                () => ((IAlertStore)store).CompleteAllReceivedAsync([.. claimed.Take(99), stale], Ct).AsTask());

            Assert.Equal(99, completed);
            Assert.Single(statements); // one by one, it was 100 statements, each committed alone
            await using var count = fixture.RequireDatabase().CreateCommand(
                $"SELECT count(*) FILTER (WHERE processed), count(DISTINCT xmin::text) FILTER (WHERE processed), count(*) FILTER (WHERE NOT processed AND id = @stale) FROM {schema}.alert_inbox;");
            count.Parameters.AddWithValue("stale", stale.Received.Id);
            await using var reader = await count.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            Assert.Equal((99L, 1L, 1L), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task FindGroupVersionOrNullAsync_AGroupOfManyAlerts_ReadsTheVersionAlone()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            // A storm's group state holds every alert of the group: here 2 000 entries, about 100 KB of text.
            var state = "{\"alerts\":[" + string.Join(',', Enumerable.Range(0, 2000).Select(i => $"{{\"key\":\"fp{i:D8}\",\"status\":\"firing\"}}")) + "]}";
            var group = new AlertGroupRecord(Tenant, "storm|{alertname=\"Storm1\"}", 1, state, null);
            await store.SaveGroupAsync(group, 0, Ct);
            await store.SaveGroupAsync(group with { Version = 2 }, 1, Ct);

            var (version, statements) = await NpgsqlStatementRecorder.StatementsAsync(schema, () => ((IAlertStore)store).FindGroupVersionOrNullAsync(Tenant, group.GroupKey, Ct).AsTask());

            Assert.Equal(2L, version);
            Assert.DoesNotContain("state", Assert.Single(statements), StringComparison.Ordinal); // it read the whole state as text
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ReceiveAsync_WhileCompletionsWait_SharesTheirCommits()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var claimed = await ReceiveAndClaimAsync(store, 32);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Receipts and completions interleaved, released at once.
            var writes = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
            {
                await go.Task;
                return i % 2 == 0
                    ? (await store.ReceiveAsync(Received(i, $"new{i}"), Ct)).IsNew
                    : await store.CompleteReceivedAsync(claimed[i / 2], Ct);
            }, Ct)).ToArray();
            go.SetResult();

            Assert.All(await Task.WhenAll(writes), Assert.True);
            // xmin names the transaction that wrote each row: a new row's and a completed row's in one means one commit for both
            // (before, receipts and completions had queues and transactions of their own).
            Assert.True(await CommittedTogetherAsync(schema) >= 1);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ReceiveAsync_WhileARoundsHeavyCompletionWaits_IsNotCommittedWithIt()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var claimed = await ReceiveAndClaimAsync(store, 300);

            // Receipts queued before, with and after three completions of a round's 100 records each (taken in arrival order, the
            // completions went in groups with the receipts around them).
            var receipts = new List<Task<AlertReceipt>>();
            var completions = new List<Task<int>>();
            for (var round = 0; round < 3; round++)
            {
                receipts.AddRange(Enumerable.Range(0, 20).Select(i => store.ReceiveAsync(Received(i, $"new{round}-{i}"), Ct).AsTask()));
                completions.Add(store.CompleteAllReceivedAsync(claimed.Skip(100 * round).Take(100).ToList(), Ct).AsTask());
                receipts.AddRange(Enumerable.Range(20, 20).Select(i => store.ReceiveAsync(Received(i, $"new{round}-{i}"), Ct).AsTask()));
            }

            Assert.All(await Task.WhenAll(completions), n => Assert.Equal(100, n));
            Assert.All(await Task.WhenAll(receipts), r => Assert.True(r.IsNew));
            // A receipt's caller waits for its whole group: never one that also writes a hundred rows.
            Assert.Equal(0L, await CommittedTogetherAsync(schema));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task CompleteAllReceivedAsync_QueuedAmongThousandsOfReceipts_IsNotLeftUntilTheyAreAllWritten()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var claimed = await ReceiveAndClaimAsync(store, 300);

            // Receipts go first into groups; with thousands queued before and after it, a completion too heavy to join a group of
            // receipts waited for a group without any, that is until every receipt was written (the intake starving the processing).
            var before = Enumerable.Range(0, 10_000).Select(i => store.ReceiveAsync(Received(i, $"before{i}"), Ct).AsTask()).ToList();
            var completion = store.CompleteAllReceivedAsync(claimed, Ct).AsTask();
            var after = Enumerable.Range(0, 10_000).Select(i => store.ReceiveAsync(Received(i, $"after{i}"), Ct).AsTask()).ToList();

            Assert.Equal(300, await completion);
            var receiptsStillWaiting = after.Count(t => !t.IsCompleted);
            await Task.WhenAll(before.Concat(after));
            Assert.True(receiptsStillWaiting >= 1000, $"{receiptsStillWaiting} receipts were still waiting when the completion was answered");
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ReceiveAsync_OneAlertThePostgreSqlJsonRefusesAmongCompletions_FailsOnlyThatOne()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(At));
        try
        {
            var claimed = await ReceiveAndClaimAsync(store, 10);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var receipts = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
            {
                await go.Task;
                return await store.ReceiveAsync(Received(i, $"new{i}", i == 3 ? "bad \u0000 summary" : "fine"), Ct);
            }, Ct)).ToArray();
            var completions = claimed.Select(c => Task.Run(async () =>
            {
                await go.Task;
                return await store.CompleteReceivedAsync(c, Ct);
            }, Ct)).ToArray();
            go.SetResult();

            await Assert.ThrowsAnyAsync<NpgsqlException>(() => receipts[3]);
            Assert.All(await Task.WhenAll(receipts.Where((_, i) => i != 3)), r => Assert.True(r.IsNew));
            Assert.All(await Task.WhenAll(completions), Assert.True);
            var rows = await store.ListReceivedAsync(Tenant, 100, Ct);
            Assert.Equal(19, rows.Count);
            Assert.Equal(10, rows.Count(r => r.Processed));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    // Receives that many alerts (old0, old1, ...) and claims them all under one lease of node-a.
    private static async Task<IReadOnlyList<ClaimedAlert>> ReceiveAndClaimAsync(PostgreSqlIncidentStore store, int count)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => store.ReceiveAsync(Received(i, $"old{i}"), Ct).AsTask()));
        return await store.ClaimReceivedAsync("node-a", Duration.FromMinutes(1), count, Ct);
    }

    // How many transactions wrote both an unprocessed row and a completed one (xmin names the transaction that wrote a row).
    private async Task<long> CommittedTogetherAsync(string schema)
    {
        await using var shared = fixture.RequireDatabase().CreateCommand($"""
            SELECT count(*) FROM (SELECT xmin::text FROM {schema}.alert_inbox WHERE NOT processed
                                  INTERSECT SELECT xmin::text FROM {schema}.alert_inbox WHERE processed) AS both_kinds;
            """);
        return (long)(await shared.ExecuteScalarAsync(Ct))!;
    }

    private static AlertReceived Received(int i, string key, string summary = "fine") => new(Guid.CreateVersion7(), Tenant, new Alert
    {
        Integration = "alertmanager",
        Key = key,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = $"Group{i % 5}" },
        StartsAt = At,
        Summary = summary,
    }, At);
}
