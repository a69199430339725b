using System.Text.Json.Nodes;
using IncidentKit.Alerts;
using NodaTime;
using NodaTime.Testing;
using Npgsql;

namespace IncidentKit.PostgreSql.Tests;

// A group's alerts as entries of their own (issue 13): what the conformance suite cannot see from outside. A save is one
// statement (state and entries in one transaction, entries only when the compare-and-set matched), a read is one statement (one
// snapshot), and nodes racing on one group keep only the winner's entries.
public sealed class PostgreSqlAlertGroupEntriesTests(PostgreSqlStoreFixture fixture)
{
    private static readonly TenantId Tenant = new("acme");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveGroupAsync_500EntriesIntoAGroupOf2000_OneStatementEachWayAndAStaleSaveWritesNone()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(new FakeClock(Instant.FromUtc(2026, 12, 7, 12, 0)));
        try
        {
            Assert.True(await store.SaveGroupAsync(Group(1, Entries(0, 2000, "first")), 0, Ct));
            var round = Entries(1750, 500, "second"); // 250 seen before, 250 new

            var (saved, saveStatements) = await NpgsqlStatementRecorder.StatementsAsync(schema, () => store.SaveGroupAsync(Group(2, round), 1, Ct).AsTask());
            var (stale, _) = await NpgsqlStatementRecorder.StatementsAsync(schema, () => store.SaveGroupAsync(Group(2, Entries(0, 10, "stale")), 1, Ct).AsTask());
            var (found, readStatements) = await NpgsqlStatementRecorder.StatementsAsync(schema, () => store.FindGroupOrNullAsync(Tenant, "storm", Ct).AsTask());

            Assert.True(saved);
            Assert.False(stale);
            Assert.Single(saveStatements);
            Assert.Single(readStatements);
            Assert.Equal((2L, "state 2"), (found!.Version, found.State));
            Assert.Equal(2250, found.Entries.Count);
            Assert.All(Enumerable.Range(0, 2250), i => Assert.Equal(i < 1750 ? $"first {i}" : $"second {i}", found.Entries[$"fp{i:D5}"]));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task FindGroupOrNullAsync_WhileSavesRewriteEveryEntry_ReadsStateAndEntriesOfOneVersion()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(null);
        try
        {
            // Each save writes its version into the state and into every entry; a read that mixed two versions would show it.
            Assert.True(await store.SaveGroupAsync(Group(1, Entries(0, 300, "v1")), 0, Ct));
            var saves = Task.Run(async () =>
            {
                for (var version = 2; version <= 120; version++)
                {
                    Assert.True(await store.SaveGroupAsync(Group(version, Entries(0, 300, $"v{version}")), version - 1, Ct));
                }
            }, Ct);

            var reads = 0;
            var mixed = new List<string>();
            var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
            {
                while (!saves.IsCompleted)
                {
                    var group = await store.FindGroupOrNullAsync(Tenant, "storm", Ct);
                    var expected = $"v{group!.Version} ";
                    var wrong = group.Entries.Values.Count(e => !e.StartsWith(expected, StringComparison.Ordinal));
                    if (group.State != $"state {group.Version}" || group.Entries.Count != 300 || wrong > 0)
                    {
                        lock (mixed)
                        {
                            mixed.Add($"version {group.Version}: {group.Entries.Count} entries, {wrong} of another version");
                        }
                    }

                    Interlocked.Increment(ref reads);
                }
            }, Ct)).ToList();

            await saves;
            await Task.WhenAll(readers);

            Assert.Empty(mixed);
            Assert.True(reads >= 20, $"only {reads} reads overlapped the saves");
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task SaveGroupAsync_TwoNodesRacingForEachVersion_KeepOnlyEachWinnersEntries()
    {
        fixture.RequireDatabase();
        var (nodeA, schema) = await fixture.CreatePostgreSqlStoreAsync(null);
        var nodeB = new PostgreSqlIncidentStore(fixture.RequireDatabase(), new PostgreSqlStoreOptions { Schema = schema });
        try
        {
            // Both nodes decide each version from the same read; each writes its own name into its entries (some keys shared, some
            // its own). Only the node whose compare-and-set matched may have written anything.
            var winners = new List<string>();
            for (var version = 1; version <= 30; version++)
            {
                var a = nodeA.SaveGroupAsync(Group(version, Race("a", version)), version - 1, Ct).AsTask();
                var b = nodeB.SaveGroupAsync(Group(version, Race("b", version)), version - 1, Ct).AsTask();
                var won = await Task.WhenAll(a, b);
                Assert.Equal(1, won.Count(w => w));
                winners.Add(won[0] ? "a" : "b");
            }

            var stored = await nodeA.FindGroupOrNullAsync(Tenant, "storm", Ct);
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var version = 1; version <= 30; version++)
            {
                foreach (var (key, text) in Race(winners[version - 1], version))
                {
                    expected[key] = text;
                }
            }

            Assert.Equal(30L, stored!.Version);
            Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), stored.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task SaveGroupAsync_AnEntryTheDatabaseRefuses_ThrowsAndWritesNeitherStateNorAnyEntry()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(null);
        try
        {
            // A group key and an alert key within the contract's lengths, but whose UTF-8 bytes together pass the primary key's
            // largest index row (2 704 bytes): the state's update succeeds inside the statement, then the entry's insert fails.
            var groupKey = Cjk(700, 1);
            var group = new AlertGroupRecord(Tenant, groupKey, 1, "state 1", null) { Entries = Entries(0, 10, "first") };
            Assert.True(await store.SaveGroupAsync(group, 0, Ct));
            var entries = Entries(0, 20, "second");
            entries[Cjk(Alert.MaxKeyLength, 2)] = "an entry the index refuses";

            await Assert.ThrowsAnyAsync<NpgsqlException>(async () => await store.SaveGroupAsync(group with { Version = 2, State = "state 2", Entries = entries }, 1, Ct));

            var stored = await store.FindGroupOrNullAsync(Tenant, groupKey, Ct);
            Assert.Equal((1L, "state 1", 10), (stored!.Version, stored.State, stored.Entries.Count));
            Assert.All(stored.Entries.Values, e => Assert.StartsWith("first ", e, StringComparison.Ordinal));
            Assert.True(await store.SaveGroupAsync(group with { Version = 2, State = "state 2", Entries = Entries(0, 20, "second") }, 1, Ct));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task SaveGroupAsync_TextWithU0000_ThrowsNamingTheFieldAndWritesNothing()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(null);
        try
        {
            // PostgreSQL's text cannot hold U+0000: a clear argument error instead of the server's 22021.
            var entries = Entries(0, 5, "first");
            entries["fp00004"] = "holds \0";
            var inEntry = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SaveGroupAsync(Group(1, entries), 0, Ct));
            var inKey = await Assert.ThrowsAsync<ArgumentException>(async () => await store.SaveGroupAsync(Group(1, new() { ["fp\0"] = "x" }), 0, Ct));
            var inState = await Assert.ThrowsAsync<ArgumentException>(
                async () => await store.SaveGroupAsync(Group(1, Entries(0, 5, "first")) with { State = "holds \0" }, 0, Ct));

            Assert.Equal(("group.Entries", "group.Entries", "group"), (inEntry.ParamName, inKey.ParamName, inState.ParamName));
            Assert.Null(await store.FindGroupOrNullAsync(Tenant, "storm", Ct));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task SaveGroupAsync_LongKeysNonAsciiAndLargeTexts_ReadBackExactly()
    {
        fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(null);
        try
        {
            // A guard on the arrays' binding and the read: the longest keys the contract allows (ASCII), characters outside the
            // Basic Multilingual Plane (surrogate pairs in .NET, 4 bytes in UTF-8) and an entry of 300 KB.
            var groupKey = new string('g', 1000);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [new string('k', Alert.MaxKeyLength)] = "longest key",
                ["fp-ünïcödé-键-🚨"] = """{"summary":"Zürich 🔥 数据库 down","labels":{"team":"ßø"}}""",
                ["large"] = string.Concat(Enumerable.Repeat("🚨 a line of an alert's description; ", 8000)),
            };

            Assert.True(await store.SaveGroupAsync(new AlertGroupRecord(Tenant, groupKey, 1, "state 🚨", null) { Entries = entries }, 0, Ct));

            var stored = await store.FindGroupOrNullAsync(Tenant, groupKey, Ct);
            Assert.Equal("state 🚨", stored!.State);
            Assert.Equal(entries.OrderBy(e => e.Key, StringComparer.Ordinal), stored.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ProcessPendingAsync_GroupSavedBeforeTheEntriesMigration_MovesItsAlertsToEntriesAndKeepsItsIncident()
    {
        var database = fixture.RequireDatabase();
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 7, 12, 0));
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(clock);
        try
        {
            // A group as the intake left it before this migration, built from one the processor saves now: its entries put back
            // into its state (where alerts were kept), the entries' table dropped and the schema one version back.
            await ProcessAsync(store, clock, Firing("fp1", clock), Firing("fp2", clock), Firing("fp3", clock));
            var (groupKey, state, before) = await ReadGroupRowsAsync(database, schema);
            Assert.Equal(["fp1", "fp2", "fp3"], before.Keys.Order(StringComparer.Ordinal));
            var old = JsonNode.Parse(state)!.AsObject();
            old["alerts"] = new JsonObject(before.Select(e => KeyValuePair.Create(e.Key, JsonNode.Parse(e.Value))));
            await using (var downgrade = database.CreateCommand($"""
                UPDATE {schema}.alert_groups SET state = @state;
                DROP TABLE {schema}.alert_group_entries;
                DELETE FROM {schema}.schema_version WHERE version = {PostgreSqlSchema.Latest};
                """))
            {
                downgrade.Parameters.AddWithValue("state", old.ToJsonString());
                await downgrade.ExecuteNonQueryAsync(Ct);
            }

            // The upgraded store (a new one migrates), and the processor's first save of the old group after a new alert and a
            // resolve of an old one.
            clock.Advance(Duration.FromMinutes(1));
            var upgraded = new PostgreSqlIncidentStore(database, new PostgreSqlStoreOptions { Schema = schema, TestClock = clock });
            await ProcessAsync(upgraded, clock, Firing("fp4", clock), Firing("fp1", clock) with { Status = AlertStatus.Resolved, EndsAt = clock.GetCurrentInstant() });
            var group = await upgraded.FindGroupOrNullAsync(Tenant, groupKey, Ct);
            Assert.Equal(["fp1", "fp2", "fp3", "fp4"], group!.Entries.Keys.Order(StringComparer.Ordinal));

            var (_, savedState, after) = await ReadGroupRowsAsync(database, schema);
            Assert.False(JsonNode.Parse(savedState)!.AsObject().ContainsKey("alerts"), "The state still lists the alerts.");
            Assert.Equal((before["fp2"], before["fp3"]), (after["fp2"], after["fp3"]));
            Assert.NotEqual(before["fp1"], after["fp1"]);
            await using var counts = database.CreateCommand($"SELECT (SELECT count(*) FROM {schema}.streams), (SELECT max(version) FROM {schema}.schema_version);");
            await using var reader = await counts.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            Assert.Equal((1L, PostgreSqlSchema.Latest), (reader.GetInt64(0), reader.GetInt32(1)));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    private static async Task ProcessAsync(PostgreSqlIncidentStore store, FakeClock clock, params Alert[] alerts)
    {
        var processor = new AlertProcessor(store, new Incidents.IncidentService(store, clock), clock,
            AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]));
        await processor.ReceiveAsync(Tenant, alerts, Ct);
        Assert.Equal(alerts.Length, await processor.ProcessPendingAsync("node", 100, Ct));
    }

    private static Alert Firing(string fingerprint, FakeClock clock) => new()
    {
        Integration = AlertmanagerWebhook.Integration,
        Key = fingerprint,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["instance"] = fingerprint },
        StartsAt = clock.GetCurrentInstant(),
        Summary = "API is down",
    };

    // The schema's one group: its key and state, and its entries, as stored.
    private static async Task<(string GroupKey, string State, Dictionary<string, string> Entries)> ReadGroupRowsAsync(NpgsqlDataSource database, string schema)
    {
        await using var rows = database.CreateCommand($"""
            SELECT group_key, state, NULL FROM {schema}.alert_groups
            UNION ALL
            SELECT alert_key, entry, 1 FROM {schema}.alert_group_entries;
            """);
        await using var reader = await rows.ExecuteReaderAsync(Ct);
        var (key, state, entries) = ("", "", new Dictionary<string, string>(StringComparer.Ordinal));
        var groups = 0;
        while (await reader.ReadAsync(Ct))
        {
            if (reader.IsDBNull(2))
            {
                (key, state) = (reader.GetString(0), reader.GetString(1));
                groups++;
            }
            else
            {
                entries.Add(reader.GetString(0), reader.GetString(1));
            }
        }

        Assert.Equal(1, groups);
        return (key, state, entries);
    }

    private static AlertGroupRecord Group(long version, Dictionary<string, string> entries) =>
        new(Tenant, "storm", version, $"state {version}", null) { Entries = entries };

    private static Dictionary<string, string> Entries(int from, int count, string text) =>
        Enumerable.Range(from, count).ToDictionary(i => $"fp{i:D5}", i => $$"""{{text}} {{i}}""", StringComparer.Ordinal);

    // Characters of the CJK block in an order that does not repeat (so the index cannot compress them): 3 UTF-8 bytes each.
    private static string Cjk(int length, int seed) => string.Concat(Enumerable.Range(0, length).Select(i => (char)(0x4E00 + (((i + (seed * 5003)) * 7919) % 20000))));

    // Ten keys both nodes write at every version and five of each node's own.
    private static Dictionary<string, string> Race(string node, int version)
    {
        var entries = Enumerable.Range(0, 10).ToDictionary(i => $"shared{i}", i => $"{node} v{version}", StringComparer.Ordinal);
        foreach (var i in Enumerable.Range(version * 5, 5))
        {
            entries[$"{node}-only{i}"] = $"{node} v{version}";
        }

        return entries;
    }
}
