using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Testing.Tests;

public sealed class IncidentBuilderTests
{
    private static readonly UserId Bob = new("bob");

    public static TheoryData<IncidentState> States => [.. Enum.GetValues<IncidentState>()];

    [Theory]
    [MemberData(nameof(States))]
    public void Build_InState_ReachesTheStateThroughCommandsWithNothingPending(IncidentState state)
    {
        var incident = new IncidentBuilder().InState(state).Build();

        Assert.Equal(state, incident.State);
        Assert.Empty(incident.PendingEvents);
        Assert.Equal(incident.Version, incident.CommittedVersion);
        Assert.Equal(IncidentBuilder.DefaultOpenedAt, incident.OpenedAt);
    }

    [Fact]
    public void Build_HistoryInOneLine_StepsOneMinuteApartByTheActingUser()
    {
        var incident = new IncidentBuilder().WithTitle("Payments slow").WithPriority(Impact.Low, Urgency.Low).ActingAs(Bob)
            .AssignedTo(Bob, "payments").WithWorkNote("checked the gateway").InState(IncidentState.OnHold).Build();

        var t0 = IncidentBuilder.DefaultOpenedAt;
        Assert.Equal(
            [
                (nameof(IncidentOpened), t0), (nameof(IncidentAssigned), t0 + Duration.FromMinutes(1)),
                (nameof(WorkNoteAdded), t0 + Duration.FromMinutes(2)), (nameof(IncidentAcknowledged), t0 + Duration.FromMinutes(3)),
                (nameof(IncidentPutOnHold), t0 + Duration.FromMinutes(4)),
            ],
            incident.Events.Select(e => (e.GetType().Name, e.At)));
        Assert.Equal(("Payments slow", Bob, "payments"), (incident.Title, incident.Assignee!.Value, incident.AssignmentGroup));
        Assert.All(incident.Events.Skip(1), e => Assert.Equal(Bob, e.Actor));
        Assert.Equal(IncidentBuilder.DefaultActor, incident.Events[0].Actor);
    }

    [Fact]
    public void Build_RulesRequireAnAssigneeToStartWork_AssignsTheActingUserFirst()
    {
        var rules = new IncidentRules(new IncidentWorkflowOptions { RequireAssigneeToStartWork = true });

        var incident = new IncidentBuilder().WithRules(rules).InState(IncidentState.InProgress).Build();

        Assert.Equal(IncidentState.InProgress, incident.State);
        Assert.Equal(IncidentBuilder.DefaultActor, incident.Assignee);
    }

    [Fact]
    public void Build_ResolvedThenBackInProgress_ReopensWithinTheWindow()
    {
        var incident = new IncidentBuilder().InState(IncidentState.Resolved).InState(IncidentState.InProgress).Build();

        Assert.Equal((IncidentState.InProgress, 1), (incident.State, incident.ReopenCount));
    }

    [Fact]
    public void Build_ClosedIncidentAskedToBeInProgress_ThrowsNamingBothStates()
    {
        var builder = new IncidentBuilder().InState(IncidentState.Closed).InState(IncidentState.InProgress);

        var error = Assert.Throws<InvalidOperationException>(builder.Build);

        Assert.Equal("An incident that is Closed cannot be taken to InProgress.", error.Message);
    }

    [Fact]
    public void BuildUncommitted_Always_EveryEventOfTheHistoryIsPending()
    {
        var incident = new IncidentBuilder().InState(IncidentState.Acknowledged).BuildUncommitted();

        Assert.Equal(incident.Events, incident.PendingEvents);
        Assert.Equal(0, incident.CommittedVersion);
    }

    [Fact]
    public void Build_TwiceFromOneBuilder_EqualIncidents()
    {
        var builder = new IncidentBuilder().StepsApart(Duration.FromMinutes(10)).InState(IncidentState.Resolved);

        var first = builder.Build();
        var second = builder.Build();

        Assert.Equal(first.ToSummary(), second.ToSummary());
        Assert.Equal(IncidentBuilder.DefaultOpenedAt + Duration.FromMinutes(30), first.ResolvedAt);
    }

    [Fact]
    public async Task SaveToAsync_InMemoryStore_StoresTheWholeHistory()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 15, 0);
        var store = new InMemoryIncidentStore(time.Clock);
        var tenant = new TenantId("acme");

        var saved = await new IncidentBuilder().WithTenant(tenant).InState(IncidentState.Resolved).SaveToAsync(store, TestContext.Current.CancellationToken);
        var read = await store.ReadAsync(tenant, saved.Id, 0, TestContext.Current.CancellationToken);

        Assert.Equal(saved.Events, read.Events);
        Assert.Equal(IncidentState.Resolved, Incident.FromHistory(read.Events).State);
    }
}
