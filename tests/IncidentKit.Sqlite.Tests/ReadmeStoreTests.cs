using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Sqlite.Tests;

// The README's "Pick a store" SQLite snippet, run as written (with a temp file and a fake clock) so it cannot rot.
// It is copied verbatim, so it passes no test cancellation token (xUnit1051).
#pragma warning disable xUnit1051
public sealed class ReadmeStoreTests(SqliteStoreFixture fixture) : IClassFixture<SqliteStoreFixture>
{
    [Fact]
    public async Task PickAStore_SqliteSnippet_RunsAsWritten()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 6, 15, 14, 0));
        var path = fixture.NewDatabasePath();
        var handled = new List<DueWorkKind>();
        var opened = default(IncidentId);

        {
            using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, clock);
            var service = new IncidentService(store, clock,
                planner: incident => incident.IsOpen ? new DueWork(incident.LastChangedAt + Duration.FromMinutes(30), DueWorkKind.UpdateReminder) : null);
            opened = (await service.OpenAsync(TenantId.Default, new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.Medium }, new UserId("alice"))).Id;
            clock.Advance(Duration.FromMinutes(31));

            foreach (var due in await store.ClaimDueAsync(owner: "worker-1", leaseDuration: Duration.FromMinutes(1), maxItems: 100))
            {
                handled.Add(due.Due.Kind);
                Assert.Equal(opened, due.Incident);
                Assert.True(await store.CompleteDueAsync(due));   // false: the lease lapsed or an append re-planned the item
            }
        }

        Assert.Equal([DueWorkKind.UpdateReminder], handled);
        using var reopened = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, clock);
        Assert.Equal(1, (await reopened.ReadAsync(TenantId.Default, opened)).Version);
        Assert.Empty(await reopened.ClaimDueAsync("worker-2", Duration.FromMinutes(1), 100));
    }
}
