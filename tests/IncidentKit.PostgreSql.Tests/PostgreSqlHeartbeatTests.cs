using IncidentKit.Storage.Conformance;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.PostgreSql.Tests;

// Two processors, each with its own data source and store over one PostgreSQL schema, checking one heartbeat monitor.
public sealed class PostgreSqlHeartbeatTests(PostgreSqlStoreFixture fixture)
{
    [Fact]
    public async Task RunHeartbeatChecksAsync_TwoNodesMissedHeartbeat_OneNodeActsOpensOneIncidentAndPingResolvesIt()
    {
        fixture.RequireDatabase();
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 7, 2, 0));
        var (first, schema) = await fixture.CreatePostgreSqlStoreAsync(clock);
        await using var source = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
        try
        {
            var second = new PostgreSqlIncidentStore(source, new PostgreSqlStoreOptions { Schema = schema, TestClock = clock });
            await HeartbeatNodes.MissedHeartbeatOpensOnceAndPingResolvesAsync(clock, first, second);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }
}
