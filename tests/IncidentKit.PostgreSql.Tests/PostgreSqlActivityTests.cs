using IncidentKit.Storage.Conformance;

namespace IncidentKit.PostgreSql.Tests;

// The reporting query's contract (issue 11 §1), run against PostgreSQL.
public sealed class PostgreSqlActivityTests(PostgreSqlStoreFixture f) : ActivityConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlActivityIndexTests(PostgreSqlStoreFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadActiveAsync_QueryPlan_UsesTheSettlingIndex()
    {
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(null);
        try
        {
            var database = fixture.RequireDatabase();

            // 20 000 settled incidents over two tenants, one event each, so that the planner has a real choice to make.
            await using (var seed = database.CreateCommand($"""
                INSERT INTO {schema}.streams (tenant, incident, version, state, priority, opened_at, summary, settled_at)
                SELECT CASE WHEN i % 2 = 0 THEN 'acme' ELSE 'globex' END, md5(i::text)::uuid, 1, 4, 3, i * 10000000::bigint - 5000000, '""'::jsonb, i * 10000000::bigint
                FROM generate_series(1, 20000) AS i;
                INSERT INTO {schema}.events (tenant, incident, version, event_id, data)
                SELECT tenant, incident, 1, incident, '""'::jsonb FROM {schema}.streams;
                ANALYZE {schema}.streams;
                ANALYZE {schema}.events;
                """))
            {
                await seed.ExecuteNonQueryAsync(Ct);
            }

            await using var explain = database.CreateCommand("EXPLAIN " + store.ActiveQuery);
            explain.Parameters.AddWithValue("tenant", "acme");
            explain.Parameters.AddWithValue("start", 19_990 * 10_000_000L);
            explain.Parameters.AddWithValue("end", long.MaxValue);
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    lines.Add(reader.GetString(0));
                }
            }

            var plan = string.Join("\n", lines);
            Assert.Contains("streams_by_settling", plan, StringComparison.Ordinal);
            Assert.DoesNotContain($"Seq Scan on streams", plan, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }
}
