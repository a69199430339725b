using IncidentKit.Alerts;
using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Runbooks;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States what happens to an alert group's resolve that the incident's runbook held (required steps open): it is made
/// when the last required step is done, by the intake's actor and once, unless an alert of the group fired again meanwhile; and the
/// group counts the incident as open while it waits.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class AlertAutoResolveConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly UserId Intake = new("system:monitoring");
    private static readonly UserId Bob = new("bob");
    private static readonly AlertRoutingTable Routes = AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]);
    private static readonly Runbook Restart = new("api-restart", 2, "Restart the API",
        [new RunbookStep("Drain the node", true, null, []), new RunbookStep("Check the graphs", false, null, []), new RunbookStep("Restart", true, null, [])]);

    private IAlertStore Alerts => (IAlertStore)Incidents;

    [Fact]
    public async Task RunDueAsync_LastRequiredStepDoneWhileAlertsStayResolved_ResolvesOnceAsTheIntake()
    {
        var node = NewNode();
        var alert = Firing("fp1");
        var id = await HeldAsync(node, alert);
        var held = Assert.IsType<AlertResolveHeld>((await FindAsync(node, id)).PendingAlertResolve);
        Assert.Equal((false, true), await GroupAsync(held.GroupKey, s => (s.IncidentResolved, s.ResolveHeld)));
        await RunDueAsync(node);
        Assert.True((await FindAsync(node, id)).IsOpen);

        Clock.Advance(Duration.FromMinutes(10));
        var doneAt = Now;
        await node.Incidents.ExecuteAsync(TenantA, id, (i, at) => i.CompleteRunbookStep(3, "restarted", at, Bob), Ct);
        await RunDueAsync(node);

        var resolved = await FindAsync(node, id);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Equal(("auto-resolved", Intake, doneAt), (resolved.Resolution!.Code, resolved.Resolution.By, resolved.Resolution.At));
        Assert.Contains("the last by bob", resolved.Resolution.Notes, StringComparison.Ordinal);
        Assert.Single(resolved.Events.OfType<IncidentResolved>());
        Assert.Equal((true, false, (Instant?)doneAt), await GroupAsync(held.GroupKey, s => (s.IncidentResolved, s.ResolveHeld, s.ResolvedAt)));

        // The group knows the incident resolved at the step: an alert firing again within the reopen window reopens it.
        Clock.Advance(Duration.FromMinutes(5));
        await DeliverAsync(node, alert with { StartsAt = Now });
        var reopened = await FindAsync(node, id);
        Assert.Equal(1, reopened.ReopenCount);
        Assert.True(reopened.IsOpen);
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task RunDueAsync_AlertFiredAgainBeforeTheLastStep_KeepsTheIncidentOpenUntilTheGroupClearsAgain()
    {
        var node = NewNode();
        var alert = Firing("fp1");
        var id = await HeldAsync(node, alert);

        // Past the reopen window: the group counts its incident as open while the resolve waits, so the alert continues it.
        Clock.Advance(Duration.FromHours(2));
        var again = alert with { StartsAt = Now };
        await DeliverAsync(node, again);
        Assert.Single(await ListAsync());

        await node.Incidents.ExecuteAsync(TenantA, id, (i, at) => i.CompleteRunbookStep(3, null, at, Bob), Ct);
        await RunDueAsync(node);

        var open = await FindAsync(node, id);
        Assert.True(open.IsOpen);
        Assert.Null(open.PendingAlertResolve);
        Assert.Contains("fp1 of the group fires again", open.Events.OfType<WorkNoteAdded>().Last().Text, StringComparison.Ordinal);
        Assert.Equal(Intake, open.Events.OfType<WorkNoteAdded>().Last().Actor);

        Clock.Advance(Duration.FromMinutes(1));
        await DeliverAsync(node, again with { Status = AlertStatus.Resolved });
        var resolved = await FindAsync(node, id);
        Assert.Equal((IncidentState.Resolved, Intake), (resolved.State, resolved.Resolution!.By));
        Assert.Single(await ListAsync());
    }

    [Fact]
    public async Task RunDueAsync_HoldDownEndsWithStepsOpen_ResolvesWhenTheLastStepIsDone()
    {
        var options = new AlertIntakeOptions { HoldDown = Duration.FromMinutes(5) };
        var node = NewNode(options);
        var alert = Firing("fp1");
        var id = await OpenWithRunbookAsync(node, alert);
        await DeliverAsync(node, alert with { Status = AlertStatus.Resolved });

        Clock.Advance(Duration.FromMinutes(4));
        await node.Intake.CheckDueAsync(100, Ct);
        await RunDueAsync(node);
        Assert.Null((await FindAsync(node, id)).PendingAlertResolve);

        Clock.Advance(Duration.FromMinutes(1));
        await node.Intake.CheckDueAsync(100, Ct);
        Assert.NotNull((await FindAsync(node, id)).PendingAlertResolve);
        Clock.Advance(Duration.FromMinutes(1));
        await node.Incidents.ExecuteAsync(TenantA, id, (i, at) => i.SkipRunbookStep(3, "the node restarted by itself", at, Bob), Ct);
        await RunDueAsync(node);

        var resolved = await FindAsync(node, id);
        Assert.Equal((IncidentState.Resolved, Intake, Now), (resolved.State, resolved.Resolution!.By, resolved.Resolution!.At));
    }

    [Fact]
    public async Task RunDueAsync_TwoNodesAfterALostAppend_ResolveOnce()
    {
        var a = NewNode();
        var b = NewNode();
        var id = await HeldAsync(a, Firing("fp1"));
        await a.Incidents.ExecuteAsync(TenantA, id, (i, at) => i.CompleteRunbookStep(3, null, at, Bob), Ct);

        // Node B saved the group as resolved, then died before appending the resolve to the incident.
        var lost = await FindAsync(b, id);
        await ((IIncidentEffects)b.Automation).RunEffectsAsync(lost, Now, Ct);
        Assert.Single(lost.PendingEvents.OfType<IncidentResolved>());

        var claim = Assert.Single(await DueWork.ClaimDueAsync("node-a", Duration.FromSeconds(30), 10, Ct));
        await Task.WhenAll(a.Incidents.RunDueAsync(claim, Ct), b.Incidents.RunDueAsync(claim, Ct));
        await RunDueAsync(b);

        var resolved = await FindAsync(a, id);
        Assert.Equal((IncidentState.Resolved, Intake), (resolved.State, resolved.Resolution!.By));
        Assert.Single(resolved.Events.OfType<IncidentResolved>());
        Assert.Empty(resolved.Events.OfType<WorkNoteAdded>());
    }

    private Node NewNode(AlertIntakeOptions? options = null)
    {
        var automation = new AlertAutoResolveAutomation(Alerts, options);
        var service = new IncidentService(Incidents, Clock, new IncidentServiceOptions
        {
            Rules = new IncidentRules(new IncidentWorkflowOptions { RequireRunbookStepsToResolve = true }),
            Automations = { automation },
        });
        return new Node(service, new AlertProcessor(Alerts, service, Clock, Routes, options), automation);
    }

    private Alert Firing(string key) => new()
    {
        Integration = "alertmanager",
        Key = key,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["severity"] = "critical" },
        StartsAt = Now,
        Summary = "API is down",
        Severity = "critical",
    };

    private static async Task DeliverAsync(Node node, Alert alert)
    {
        await node.Intake.ReceiveAsync(TenantA, [alert], Ct);
        await node.Intake.ProcessPendingAsync("intake", 100, Ct);
    }

    // The alert's incident, with the runbook attached and its first required step done (the third is open).
    private async Task<IncidentId> OpenWithRunbookAsync(Node node, Alert alert)
    {
        await DeliverAsync(node, alert);
        var id = Assert.Single(await ListAsync()).Id;
        await node.Incidents.ExecuteAsync(TenantA, id, (i, at) =>
        {
            i.AttachRunbook(Restart.ToSnapshot(), null, at, Actor);
            i.CompleteRunbookStep(1, null, at, Actor);
        }, Ct);
        return id;
    }

    // The alert resolved while step 3 is open: the intake's resolve is held.
    private async Task<IncidentId> HeldAsync(Node node, Alert alert)
    {
        var id = await OpenWithRunbookAsync(node, alert);
        Clock.Advance(Duration.FromMinutes(1));
        await DeliverAsync(node, alert with { Status = AlertStatus.Resolved });
        var incident = await FindAsync(node, id);
        Assert.True(incident.IsOpen);
        Assert.Contains("step 3 is still open", Assert.Single(incident.Events.OfType<AlertResolveHeld>()).Text, StringComparison.Ordinal);
        return id;
    }

    private async Task RunDueAsync(Node node)
    {
        while (await DueWork.ClaimDueAsync("worker", Duration.FromSeconds(30), 100, Ct) is { Count: > 0 } claims)
        {
            foreach (var claim in claims)
            {
                await node.Incidents.RunDueAsync(claim, Ct);
            }
        }
    }

    private async Task<IReadOnlyList<IncidentSummary>> ListAsync() =>
        (await Incidents.ListAsync(TenantA, new IncidentQuery { States = Enum.GetValues<IncidentState>(), PageSize = 100 }, Ct)).Items;

    private static async Task<Incident> FindAsync(Node node, IncidentId id) => (await node.Incidents.FindOrNullAsync(TenantA, id, Ct))!;

    private async Task<T> GroupAsync<T>(string groupKey, Func<AlertGroupState, T> read) =>
        read(AlertSerializer.FromRecord((await Alerts.FindGroupOrNullAsync(TenantA, groupKey, Ct))!));

    private sealed record Node(IncidentService Incidents, AlertProcessor Intake, AlertAutoResolveAutomation Automation);
}
