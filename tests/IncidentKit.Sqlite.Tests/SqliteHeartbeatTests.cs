using IncidentKit.Storage.Conformance;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Sqlite.Tests;

// Two processors, each with its own store instance over one SQLite file, checking one heartbeat monitor.
public sealed class SqliteHeartbeatTests(SqliteStoreFixture fixture)
{
    [Fact]
    public async Task RunHeartbeatChecksAsync_TwoNodesMissedHeartbeat_OneNodeActsOpensOneIncidentAndPingResolvesIt()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 7, 2, 0));
        var options = new SqliteStoreOptions { ConnectionString = $"Data Source={fixture.NewDatabasePath()}" };
        using var first = new SqliteIncidentStore(options, clock);
        using var second = new SqliteIncidentStore(options, clock);

        await HeartbeatNodes.MissedHeartbeatOpensOnceAndPingResolvesAsync(clock, first, second);
    }
}
