using IncidentKit.Incidents;
using IncidentKit.Storage;
using IncidentKit.Storage.Conformance;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Sqlite.Tests;

// The reporting query's contract (issue 11 §1), run against SQLite.
public sealed class SqliteActivityTests(SqliteStoreFixture f) : ActivityConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteActivityIndexTests(SqliteStoreFixture fixture)
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly Instant T0 = Instant.FromUtc(2026, 6, 15, 10, 0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadActiveAsync_QueryPlan_SearchesTheSettlingIndexThenEventsByKeyWithoutSorting()
    {
        var path = fixture.NewDatabasePath();
        using (var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, new FakeClock(T0)))
        {
            await store.MigrateAsync(Ct);
        }

        using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqliteIncidentStore.ActiveQuery;
        explain.Parameters.AddWithValue("$tenant", Tenant.Value);
        explain.Parameters.AddWithValue("$start", 0L);
        explain.Parameters.AddWithValue("$end", 1L);
        var details = new List<string>();
        using (var reader = await explain.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                details.Add(reader.GetString(3));
            }
        }

        // The active keys come from the settling index alone, and the events by primary key in the keys' order: one forward
        // pass through the events table. No sort of any part of the answer (neither the rows nor one incident's events), which
        // would copy every event's JSON into a sorter, and no scan.
        var plan = string.Join(" | ", details);
        Assert.Contains(details, d => d.Contains("COVERING INDEX streams_by_settling (tenant=? AND settled_at>?)", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("SEARCH e USING PRIMARY KEY (tenant=? AND incident=?)", StringComparison.Ordinal));
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
        Assert.DoesNotContain(details, d => d.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadActiveAsync_ManyIncidents_YieldsEachHistoryWholeInKeyOrder()
    {
        var path = fixture.NewDatabasePath();
        using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, new FakeClock(T0));
        var expected = new Dictionary<IncidentId, IReadOnlyList<Incidents.Events.IncidentEvent>>();
        for (var n = 0; n < 40; n++)
        {
            var incident = Incident.Open(IncidentId.New(), Tenant, new NewIncident { Title = $"incident {n}", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, T0, new UserId("alice"));
            for (var note = 0; note < n % 7; note++)
            {
                incident.AddWorkNote($"note {note}", T0 + Duration.FromMinutes(note + 1), new UserId("alice"));
            }

            await store.AppendAsync(IncidentChange.For(incident), Ct);
            expected[incident.Id] = [.. incident.Events];
        }

        var histories = new List<IncidentHistory>();
        await foreach (var history in store.ReadActiveAsync(Tenant, new Interval(T0, T0 + Duration.FromDays(1)), Ct))
        {
            histories.Add(history);
        }

        Assert.Equal(expected.Keys.Select(SqliteIncidentStore.Key).Order(StringComparer.Ordinal), histories.Select(h => SqliteIncidentStore.Key(h.Incident)));
        Assert.All(histories, h =>
        {
            Assert.Equal(expected[h.Incident].Count, h.Version);
            Assert.Equal(expected[h.Incident].Select(IncidentEventSerializer.Serialize), h.Events.Select(IncidentEventSerializer.Serialize));
        });
    }

    [Fact]
    public async Task Migrate_StreamsStoredBeforeTheSettlingColumn_AreBackfilledFromTheirSummary()
    {
        var path = fixture.NewDatabasePath();
        var resolvedAt = T0 + Duration.FromHours(5);
        var incident = Incident.Open(IncidentId.New(), Tenant, new NewIncident { Title = "old", Impact = Prioritization.Impact.Low, Urgency = Prioritization.Urgency.Low }, T0, new UserId("alice"));
        incident.Acknowledge(T0 + Duration.FromMinutes(1), new UserId("alice"));
        incident.Resolve("fixed", "done", resolvedAt, new UserId("alice"));
        var summary = incident.ToSummary();

        // A database at the schema before the reporting migration, holding one resolved incident.
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync(Ct);
            SqliteSchema.Execute(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);");
            // Migrations appended after the reporting one (reviews, issue 11 §3) must not count as "before" it.
            var reporting = Array.FindIndex(SqliteSchema.Migrations, m => m.Contains("ADD COLUMN settled_at", StringComparison.Ordinal)) + 1;
            for (var v = 1; v < reporting; v++)
            {
                SqliteSchema.Execute(connection, SqliteSchema.Migrations[v - 1]);
                SqliteSchema.Execute(connection, $"INSERT INTO schema_version VALUES ({v}, '2026-01-01T00:00:00Z');");
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO streams (tenant, incident, version, state, priority, opened_at, summary) VALUES ($t, $i, $v, $s, 3, $o, $summary);
                """;
            insert.Parameters.AddWithValue("$t", Tenant.Value);
            insert.Parameters.AddWithValue("$i", SqliteIncidentStore.Key(incident.Id));
            insert.Parameters.AddWithValue("$v", incident.Version);
            insert.Parameters.AddWithValue("$s", (int)summary.State);
            insert.Parameters.AddWithValue("$o", summary.OpenedAt.ToUnixTimeTicks());
            insert.Parameters.AddWithValue("$summary", IncidentSummarySerializer.Serialize(summary));
            await insert.ExecuteNonQueryAsync(Ct);
            for (var n = 0; n < incident.Events.Count; n++)
            {
                using var e = connection.CreateCommand();
                e.CommandText = "INSERT INTO events (tenant, incident, version, event_id, data) VALUES ($t, $i, $v, $id, $data);";
                e.Parameters.AddWithValue("$t", Tenant.Value);
                e.Parameters.AddWithValue("$i", SqliteIncidentStore.Key(incident.Id));
                e.Parameters.AddWithValue("$v", n + 1);
                e.Parameters.AddWithValue("$id", incident.Events[n].EventId.ToString());
                e.Parameters.AddWithValue("$data", IncidentEventSerializer.Serialize(incident.Events[n]));
                await e.ExecuteNonQueryAsync(Ct);
            }
        }

        SqliteConnection.ClearAllPools();
        using var migrated = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, new FakeClock(T0));

        Assert.Equal(1, await CountAsync(migrated, new Interval(resolvedAt, resolvedAt + Duration.FromDays(1))));
        Assert.Equal(1, await CountAsync(migrated, new Interval(T0 - Duration.FromDays(1), T0 + Duration.FromHours(1))));
        Assert.Equal(0, await CountAsync(migrated, new Interval(resolvedAt + Duration.FromSeconds(2), resolvedAt + Duration.FromDays(1))));
    }

    private static async Task<int> CountAsync(SqliteIncidentStore reader, Interval period)
    {
        var count = 0;
        await foreach (var history in reader.ReadActiveAsync(Tenant, period, Ct))
        {
            Assert.NotEmpty(history.Events);
            count++;
        }

        return count;
    }
}
