using IncidentKit.Automations;
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
            var service = new IncidentService(store, clock, new IncidentServiceOptions
            {
                // The incident's timers (SLA, escalation, reminders, your own: docs/automations.md); here, closing resolved incidents after 3 days.
                Automations = { new AutoCloseAutomation(Duration.FromDays(3)) },
            });
            opened = (await service.OpenAsync(TenantId.Default, new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.Medium }, new UserId("alice"))).Id;
            await service.ExecuteAsync(TenantId.Default, opened, (incident, at) => incident.Resolve("fixed", "Rolled back the release.", at, new UserId("alice")));
            clock.Advance(Duration.FromDays(3));

            // A timer worker (on any node) claims due work under a lease and runs it through the service: the timers record what fell
            // due, the next due work is planned, and the claim is completed or given back, fenced by its lease.
            foreach (var due in await store.ClaimDueAsync(owner: "worker-1", leaseDuration: Duration.FromMinutes(1), maxItems: 100))
            {
                handled.Add(due.Due.Kind);
                Assert.Equal(opened, due.Incident);
                Assert.Equal(DueRunOutcome.Recorded, (await service.RunDueAsync(due)).Outcome);
            }
        }

        Assert.Equal([DueWorkKind.AutoClose], handled);
        using var reopened = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, clock);
        var stored = await reopened.ReadAsync(TenantId.Default, opened);
        Assert.Equal(IncidentState.Closed, Incident.FromHistory(stored.Events).State);
        Assert.Empty(await reopened.ClaimDueAsync("worker-2", Duration.FromMinutes(1), 100));
    }
}
