using IncidentKit.Alerts;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Sqlite.Tests;

// A group's alerts as entries of their own (issue 13), where SQLite has more to prove than the conformance suite: the upgrade of
// a database whose groups kept their alerts inside the state, the one-snapshot read, the all-or-nothing save and the index walk.
public sealed class SqliteAlertGroupEntryTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 7, 10, 0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MigrateAsync_DatabaseAtThePreviousSchema_UpgradesAndReadsItsOldGroups()
    {
        var path = fixture.NewDatabasePath();
        const string oldState = """{"incident":"0b4c","alerts":[{"key":"fp1","status":"firing"},{"key":"fp2","status":"resolved"}]}""";
        var due = Now + Duration.FromMinutes(5);

        // A database as the library left it before this migration: a group whose alerts are inside its state, and an alias.
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Ct);
            SqliteSchema.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);");
            // Migrations appended after this one must not count as "before" it.
            var previous = Array.FindIndex(SqliteSchema.Migrations, m => m.Contains("CREATE TABLE alert_group_entries", StringComparison.Ordinal));
            for (var v = 1; v <= previous; v++)
            {
                SqliteSchema.Execute(connection, SqliteSchema.Migrations[v - 1]);
                SqliteSchema.Execute(connection, $"INSERT INTO schema_version VALUES ({v}, '2026-01-01T00:00:00Z');");
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO alert_groups (tenant, group_key, version, state, next_check_at) VALUES ($t, 'storm', 7, $state, $next);
                INSERT INTO alert_groups (tenant, group_key, version, state, next_check_at) VALUES ($t, 'alias|events-v2|k1', 1, 'storm', NULL);
                """;
            insert.Parameters.AddWithValue("$t", Tenant.Value);
            insert.Parameters.AddWithValue("$state", oldState);
            insert.Parameters.AddWithValue("$next", due.ToUnixTimeTicks());
            await insert.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        using var store = NewStore(path);
        await store.MigrateAsync(Ct);

        Assert.Equal((long)SqliteSchema.Latest, Scalar(path, "SELECT max(version) FROM schema_version;"));
        var old = await store.FindGroupOrNullAsync(Tenant, "storm", Ct);
        Assert.Equal((7L, oldState, (Instant?)due), (old!.Version, old.State, old.NextCheckAt));
        Assert.Empty(old.Entries);
        var alias = await store.FindGroupOrNullAsync(Tenant, "alias|events-v2|k1", Ct);
        Assert.Equal((1L, "storm"), (alias!.Version, alias.State));
        Assert.Empty(alias.Entries);
        Assert.Equal(7L, await store.FindGroupVersionOrNullAsync(Tenant, "storm", Ct));
        Assert.Equal(["storm"], (await store.ListDueGroupsAsync(due, 10, Ct)).Select(g => g.GroupKey));

        // The processor's first save of an old group writes every alert as an entry, with the state that no longer lists them.
        var entries = new Dictionary<string, string> { ["fp1"] = """{"status":"firing"}""", ["fp2"] = """{"status":"resolved"}""" };
        Assert.True(await store.SaveGroupAsync(old with { Version = 8, State = """{"incident":"0b4c"}""", Entries = entries }, 7, Ct));
        var saved = await store.FindGroupOrNullAsync(Tenant, "storm", Ct);
        Assert.Equal((8L, """{"incident":"0b4c"}"""), (saved!.Version, saved.State));
        Assert.Equal(entries.OrderBy(e => e.Key), saved.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task ProcessPendingAsync_GroupSavedBeforeTheEntriesMigration_MovesItsAlertsToEntriesAndKeepsItsIncident()
    {
        // A group as the intake left it before this migration, built from one the processor saves now: its entries put back
        // into its state (where alerts were kept), the entries' table dropped and the schema one version back.
        var path = fixture.NewDatabasePath();
        var clock = new FakeClock(Now);
        using (var store = NewStore(path, clock))
        {
            await ProcessAsync(store, clock, Firing("fp1"), Firing("fp2"), Firing("fp3"));
        }

        var (groupKey, state, before) = ReadGroupRows(path);
        Assert.Equal(["fp1", "fp2", "fp3"], before.Keys.Order(StringComparer.Ordinal));
        var old = System.Text.Json.Nodes.JsonNode.Parse(state)!.AsObject();
        old["alerts"] = new System.Text.Json.Nodes.JsonObject(before.Select(e =>
            KeyValuePair.Create(e.Key, System.Text.Json.Nodes.JsonNode.Parse(e.Value))));
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var downgrade = connection.CreateCommand();
            downgrade.CommandText = $"UPDATE alert_groups SET state = $state; DROP TABLE alert_group_entries; DELETE FROM schema_version WHERE version = {SqliteSchema.Latest};";
            downgrade.Parameters.AddWithValue("$state", old.ToJsonString());
            downgrade.ExecuteNonQuery();
        }

        // The upgraded store, and the processor's first save of the old group after a new alert and a resolve of an old one.
        clock.Advance(Duration.FromMinutes(1));
        using (var store = NewStore(path, clock))
        {
            await ProcessAsync(store, clock, Firing("fp4"), Firing("fp1") with { Status = AlertStatus.Resolved, EndsAt = clock.GetCurrentInstant() });
            var group = await store.FindGroupOrNullAsync(Tenant, groupKey, Ct);
            Assert.Equal(["fp1", "fp2", "fp3", "fp4"], group!.Entries.Keys.Order(StringComparer.Ordinal));
        }

        var (_, savedState, after) = ReadGroupRows(path);
        Assert.False(System.Text.Json.Nodes.JsonNode.Parse(savedState)!.AsObject().ContainsKey("alerts"), "The state still lists the alerts.");
        Assert.Equal((before["fp2"], before["fp3"]), (after["fp2"], after["fp3"]));
        Assert.NotEqual(before["fp1"], after["fp1"]);
        Assert.Equal(1L, Scalar(path, "SELECT count(*) FROM streams;"));
        Assert.Equal((long)SqliteSchema.Latest, Scalar(path, "SELECT max(version) FROM schema_version;"));
    }

    [Fact]
    public async Task FindGroupOrNullAsync_WhileSavesKeepChangingEveryEntry_ReadsStateAndEntriesOfOneVersion()
    {
        // Every save writes its version into the state and into each of the group's 200 entries: a read that took the state
        // and the entries from different commits would see entries of another version than its state's.
        using var store = NewStore();
        const int Saves = 150;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var writer = Task.Run(async () =>
        {
            for (var version = 1; version <= Saves; version++)
            {
                var entries = Enumerable.Range(0, 200).ToDictionary(i => $"fp{i:D3}", _ => $$"""{"v":{{version}}}""");
                Assert.True(await store.SaveGroupAsync(new AlertGroupRecord(Tenant, "g", version, $$"""{"v":{{version}}}""", null) { Entries = entries }, version - 1, Ct));
            }
        }, Ct);

        var reads = 0;
        var mixed = new List<string>();
        while (!writer.IsCompleted)
        {
            if (await store.FindGroupOrNullAsync(Tenant, "g", Ct) is not { } group)
            {
                continue;
            }

            reads++;
            Assert.Equal(200, group.Entries.Count);
            var versions = group.Entries.Values.Distinct().ToList();
            if (versions.Count != 1 || versions[0] != group.State)
            {
                mixed.Add($"state {group.State}, entries {string.Join(' ', versions)}");
            }
        }

        await writer;
        Assert.True(reads > 10, $"Only {reads} reads ran while the group was being saved.");
        Assert.Empty(mixed);
    }

    [Fact]
    public async Task FindGroupOrNullAsync_ReadsTheGroupAndItsEntriesInOneWalkOfEachPrimaryKey()
    {
        var path = fixture.NewDatabasePath();
        using var store = NewStore(path);
        await store.MigrateAsync(Ct);

        using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        using var plan = connection.CreateCommand();
        plan.CommandText = "EXPLAIN QUERY PLAN " + SqliteGroupReader.Sql;
        plan.Parameters.AddWithValue("$tenant", Tenant.Value);
        plan.Parameters.AddWithValue("$key", "g");
        var steps = new List<string>();
        using (var reader = await plan.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                steps.Add(reader.GetString(3));
            }
        }

        // The group by its key, then its entries as one range of theirs: no scan, no temporary b-tree, no per-entry lookup.
        // (SQLite versions differ in the words around the steps, e.g. "COMPOUND QUERY".)
        Assert.Equal(
            ["SEARCH alert_groups USING PRIMARY KEY (tenant=? AND group_key=?)", "SEARCH alert_group_entries USING PRIMARY KEY (tenant=? AND group_key=?)"],
            steps.Where(s => s.StartsWith("SEARCH", StringComparison.Ordinal) || s.StartsWith("SCAN", StringComparison.Ordinal) || s.Contains("TEMP", StringComparison.Ordinal)));
        Assert.Contains("WITHOUT ROWID", (string)Scalar(path, "SELECT sql FROM sqlite_master WHERE name = 'alert_group_entries';")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveGroupAsync_LongKeysLargeAndNonAsciiTexts_ReadBackExactly()
    {
        // The entries are bound and read through SQLite's own API (UTF-16 in, UTF-8 out): every character must survive, an
        // embedded NUL and characters outside the BMP included, at the longest keys and with a text far larger than a page.
        using var store = NewStore();
        var groupKey = "r|" + new string('g', 998);
        var entries = new Dictionary<string, string>
        {
            [new string('k', Alert.MaxKeyLength)] = new string('x', 300_000),
            ["dedup-é-日本-🚨"] = """{"summary":"Ünïcödé 🚨 \u0000 after a NUL","labels":{"région":"eu-west-🇪🇺"}}""",
            ["nul\0inside"] = "text with \0 a NUL",
        };

        Assert.True(await store.SaveGroupAsync(new AlertGroupRecord(Tenant, groupKey, 1, "{\"é\":\"🚨\"}", null) { Entries = entries }, 0, Ct));

        var stored = await store.FindGroupOrNullAsync(Tenant, groupKey, Ct);
        Assert.Equal("{\"é\":\"🚨\"}", stored!.State);
        Assert.Equal(entries.OrderBy(e => e.Key, StringComparer.Ordinal), stored.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task SaveGroupAsync_AnEntryFailsPartWay_WritesNeitherTheStateNorAnyEntry()
    {
        var path = fixture.NewDatabasePath();
        using var store = NewStore(path);
        await store.MigrateAsync(Ct);

        // A trigger stands in for a failure between two entries (a full disk, an I/O error): the entry 'boom' cannot be written.
        Scalar(path, "CREATE TRIGGER entry_fails BEFORE INSERT ON alert_group_entries WHEN NEW.alert_key = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;");
        static Dictionary<string, string> Entries(params string[] keys) => keys.ToDictionary(k => k, k => $"entry {k}");

        // A first save: neither the group nor the entry written before the failing one is kept, so the first save can be redone.
        var v1 = new AlertGroupRecord(Tenant, "g", 1, "{}", null) { Entries = Entries("a", "boom", "z") };
        await Assert.ThrowsAsync<SqliteException>(async () => await store.SaveGroupAsync(v1, 0, Ct));
        Assert.Null(await store.FindGroupOrNullAsync(Tenant, "g", Ct));
        Assert.Equal(0L, Scalar(path, "SELECT count(*) FROM alert_group_entries;"));
        Assert.True(await store.SaveGroupAsync(v1 with { Entries = Entries("a", "z") }, 0, Ct));

        // A later save: the stored version, state and entries stay as they were.
        var v2 = v1 with { Version = 2, State = """{"v":2}""", Entries = new Dictionary<string, string> { ["a"] = "changed", ["boom"] = "x" } };
        await Assert.ThrowsAsync<SqliteException>(async () => await store.SaveGroupAsync(v2, 1, Ct));
        var stored = await store.FindGroupOrNullAsync(Tenant, "g", Ct);
        Assert.Equal((1L, "{}"), (stored!.Version, stored.State));
        Assert.Equal([("a", "entry a"), ("z", "entry z")], stored.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public async Task SaveGroupAsync_TwoProcessesSavingOneVersion_KeepsOnlyTheWinnersEntries()
    {
        // Two stores on one file stand for two processes: each has its own writer connection and group commit.
        var path = fixture.NewDatabasePath();
        using var first = NewStore(path);
        using var second = NewStore(path);
        var v1 = new AlertGroupRecord(Tenant, "g", 1, "{}", null) { Entries = new Dictionary<string, string> { ["shared"] = "v1" } };
        Assert.True(await first.SaveGroupAsync(v1, 0, Ct));
        await second.MigrateAsync(Ct);

        AlertGroupRecord Next(string who) => v1 with
        {
            Version = 2,
            State = who,
            Entries = Enumerable.Range(0, 300).Select(i => $"{who}-{i:D3}").Append("shared").ToDictionary(k => k, _ => who),
        };
        var saves = await Task.WhenAll(
            Task.Run(async () => await first.SaveGroupAsync(Next("first"), 1, Ct), Ct),
            Task.Run(async () => await second.SaveGroupAsync(Next("second"), 1, Ct), Ct));

        Assert.Single(saves, s => s);
        var winner = saves[0] ? "first" : "second";
        var stored = await second.FindGroupOrNullAsync(Tenant, "g", Ct);
        Assert.Equal(winner, stored!.State);
        Assert.Equal(301, stored.Entries.Count);
        Assert.All(stored.Entries.Values, v => Assert.Equal(winner, v));
    }

    private static object? Scalar(string path, string sql) => SqliteIncidentStoreTests.Scalar(path, sql);

    private SqliteIncidentStore NewStore(string? path = null, IClock? clock = null) =>
        new(new SqliteStoreOptions { ConnectionString = $"Data Source={path ?? fixture.NewDatabasePath()}" }, clock ?? new FakeClock(Now));

    private static async Task ProcessAsync(SqliteIncidentStore store, IClock clock, params Alert[] alerts)
    {
        var processor = new AlertProcessor(store, new Incidents.IncidentService(store, clock), clock,
            AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]));
        await processor.ReceiveAsync(Tenant, alerts, Ct);
        Assert.Equal(alerts.Length, await processor.ProcessPendingAsync("node", 100, Ct));
    }

    private static Alert Firing(string fingerprint) => new()
    {
        Integration = AlertmanagerWebhook.Integration,
        Key = fingerprint,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["instance"] = fingerprint },
        StartsAt = Now,
        Summary = "API is down",
    };

    // The one group's key and state, and its entries, as stored.
    private static (string GroupKey, string State, Dictionary<string, string> Entries) ReadGroupRows(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var group = connection.CreateCommand();
        group.CommandText = "SELECT group_key, state FROM alert_groups;";
        using var row = group.ExecuteReader();
        Assert.True(row.Read());
        var (key, state) = (row.GetString(0), row.GetString(1));
        Assert.False(row.Read());
        using var entries = connection.CreateCommand();
        entries.CommandText = "SELECT alert_key, entry FROM alert_group_entries;";
        using var rows = entries.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (rows.Read())
        {
            result.Add(rows.GetString(0), rows.GetString(1));
        }

        return (key, state, result);
    }
}
