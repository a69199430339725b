using IncidentKit.Automations;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Automations;

// A host's own automation, added the same way as the shipped ones (the example of docs/automations.md): a new incident nobody
// owns is assigned to whoever is on call for its service.
public sealed class AssignToOnCallAutomationTests
{
    private static readonly TenantId Acme = new("acme");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunDueAsync_NewIncidentOfAServiceWithASchedule_AssignsWhoIsOnCallAsTheSystemOnce()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        var service = new IncidentService(store, clock, new IncidentServiceOptions
        {
            Automations = { new AssignToOnCall(PrimaryOnCall(), new Dictionary<string, string> { ["checkout"] = "primary" }) },
        });

        var incident = await service.OpenAsync(Acme, new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" },
            Reporter, cancellationToken: Token);
        // Planned with the opening: the assignment is due at once.
        Assert.Equal(T0, (await store.FindDueOrNullAsync(Acme, incident.Id, Token))?.DueAt);
        clock.Advance(Duration.FromSeconds(5));
        var results = new List<DueRunResult>();
        foreach (var claim in await store.ClaimDueAsync("core-host", Minutes(1), 10, Token))
        {
            results.Add(await service.RunDueAsync(claim, Token));
        }

        var assigned = Assert.IsType<IncidentAssigned>(Assert.Single(Assert.Single(results).Recorded));
        Assert.Equal((Alice, UserId.System, T0 + Duration.FromSeconds(5)), (assigned.Assignee, assigned.Actor, assigned.At));
        Assert.Null(await store.FindDueOrNullAsync(Acme, incident.Id, Token));
        Assert.Equal(Alice, (await service.FindOrNullAsync(Acme, incident.Id, Token))!.Assignee);
    }

    [Fact]
    public void Run_AlreadyAssignedOrNoSchedule_RecordsNothing()
    {
        var automation = new AssignToOnCall(PrimaryOnCall(), new Dictionary<string, string> { ["checkout"] = "primary" });
        var assigned = Open(Priority.P1, T0);
        assigned.Assign(Bob, null, T0, Reporter);
        var elsewhere = Incident.Open(IncidentId.New(), Acme, new NewIncident { Title = "Search slow", Impact = Impact.Low, Urgency = Urgency.Low, Service = "search" }, T0, Reporter);

        Assert.Null(automation.Run(assigned, T0));
        Assert.Null(automation.Run(elsewhere, T0));

        Assert.Equal(Bob, assigned.Assignee);
        Assert.Null(elsewhere.Assignee);
        Assert.Equal(2, assigned.PendingEvents.Count);   // the opening and Bob's assignment only
    }

    // Assigns a new incident nobody owns to whoever is on call now for its service; nothing timed, so it returns no due work
    // (it runs again after every change, which is when there can be something to do).
    private sealed class AssignToOnCall(IOnCallResolver onCall, IReadOnlyDictionary<string, string> scheduleByService) : IIncidentAutomation
    {
        public DueWork? Run(Incident incident, Instant now)
        {
            if (incident.State == IncidentState.New && incident.Assignee is null
                && incident.Service is { } service && scheduleByService.TryGetValue(service, out var schedule)
                && onCall.TryGetOnCall(schedule, now, out var users) && users.Count > 0)
            {
                incident.Assign(users[0], incident.AssignmentGroup, now, UserId.System);
            }

            return null;
        }
    }
}
