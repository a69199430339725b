using IncidentKit.Alerts;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Runbooks;
using NodaTime;
using static IncidentKit.Tests.Alerts.AlertIntakeHarness;

namespace IncidentKit.Tests.Alerts;

public sealed class AlertProcessorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessPendingAsync_TwoAlertsOfOneGroup_OpensOneIncidentWithBothLinked()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();

        await h.DeliverAsync(Firing("fp1", "ApiDown", start), Firing("fp2", "ApiDown", start));

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal("API is down", incident.Title);
        Assert.Equal("api", incident.Service);
        Assert.Equal(new Priority(1), incident.Priority);
        Assert.Equal(["alertmanager:fp1", "alertmanager:fp2"], incident.LinkedAlerts);
        Assert.Equal("monitoring:alertmanager", incident.Source);
    }

    [Fact]
    public async Task ProcessPendingAsync_TwoGroups_OpensOneIncidentEach()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();

        await h.DeliverAsync(Firing("fp1", "ApiDown", start), Firing("fp2", "DiskFull", start, "warning", "Disk full"));

        var incidents = await h.AllIncidentsAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Contains(incidents, i => i.Title == "Disk full" && i.Priority == new Priority(3));
    }

    [Fact]
    public async Task ReceiveAsync_RepeatedFiring_CountsOccurrencesWithoutNewRecordOrEvent()
    {
        var h = new AlertIntakeHarness();
        var alert = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(alert);
        var eventsBefore = (await h.OnlyIncidentAsync()).Version;

        h.Clock.Advance(Duration.FromSeconds(2));
        var receipts = await h.DeliverAsync(alert);
        await h.DeliverAsync(alert);

        Assert.False(receipts[0].IsNew);
        Assert.Equal(2, receipts[0].Occurrences);
        var record = Assert.Single(await h.Store.ListReceivedAsync(Tenant, 100, Ct));
        Assert.Equal(3, record.Occurrences);
        Assert.Equal(h.Clock.GetCurrentInstant(), record.LastSeenAt);
        Assert.Equal(eventsBefore, (await h.OnlyIncidentAsync()).Version);
    }

    [Fact]
    public async Task ProcessPendingAsync_SameRecordProcessedTwice_ChangesNothing()
    {
        var h = new AlertIntakeHarness();
        await h.Processor.ReceiveAsync(Tenant, [Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant())], Ct);

        // The first processor claims and processes, then "crashes" before completing: the lease lapses, another takes it again.
        var claims = await h.Store.ClaimReceivedAsync("crashed", Duration.FromSeconds(30), 10, Ct);
        await h.Processor.ProcessPendingAsync("other", 10, Ct);
        Assert.Single(claims);
        h.Clock.Advance(Duration.FromMinutes(1));
        Assert.Equal(1, await h.Processor.ProcessPendingAsync("other", 10, Ct));
        var version = (await h.OnlyIncidentAsync()).Version;
        h.Clock.Advance(Duration.FromMinutes(1));
        var reclaimed = await h.Store.ClaimReceivedAsync("late", Duration.FromSeconds(30), 10, Ct);

        Assert.Empty(reclaimed);
        Assert.Equal(version, (await h.OnlyIncidentAsync()).Version);
        Assert.False(await h.Store.CompleteReceivedAsync(claims[0], Ct));
    }

    [Fact]
    public async Task ProcessPendingAsync_CrashAfterAnswerBeforeProcessing_ProcessesLater()
    {
        var h = new AlertIntakeHarness();
        await h.Processor.ReceiveAsync(Tenant, [Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant())], Ct);
        Assert.Empty(await h.AllIncidentsAsync());

        // A new processor on the same store (the old one died after the 202) finds the record.
        var restarted = new AlertProcessor(h.Store, h.Incidents, h.Clock, AlertRoutingTable.Empty);
        await restarted.ProcessPendingAsync("restarted", 10, Ct);

        Assert.Single(await h.AllIncidentsAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_EveryAlertResolved_ResolvesIncident()
    {
        var h = new AlertIntakeHarness();
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        var b = Firing("fp2", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a, b);

        await h.DeliverAsync(Resolved(a));
        Assert.Equal(IncidentState.New, (await h.OnlyIncidentAsync()).State);
        await h.DeliverAsync(Resolved(b));

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal("auto-resolved", incident.Resolution!.Code);
    }

    [Fact]
    public async Task ProcessPendingAsync_EveryAlertResolvedWhileRequiredRunbookStepsOpen_LeavesIncidentOpenWithANoteNamingThem()
    {
        var rules = new IncidentRules(new IncidentWorkflowOptions { RequireRunbookStepsToResolve = true });
        var h = new AlertIntakeHarness(rules: rules);
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);
        var runbook = new Runbook("api-restart", 2, "Restart the API",
            [new RunbookStep("Drain the node", true, null, []), new RunbookStep("Check the graphs", false, null, []), new RunbookStep("Restart", true, null, [])]);
        var opened = await h.OnlyIncidentAsync();
        await h.Incidents.ExecuteAsync(AlertIntakeHarness.Tenant, opened.Id, (incident, at) =>
        {
            incident.AttachRunbook(runbook.ToSnapshot(), null, at, new UserId("alice"));
            incident.CompleteRunbookStep(1, null, at, new UserId("alice"));
        }, TestContext.Current.CancellationToken);

        await h.DeliverAsync(Resolved(a));
        await h.DeliverAsync(Resolved(a));

        var held = await h.OnlyIncidentAsync();
        Assert.True(held.IsOpen);
        var note = Assert.Single(held.Events.OfType<AlertResolveHeld>());
        Assert.Equal(AlertIntakeHarness.Tenant, held.Tenant);
        Assert.Contains("ApiDown", note.GroupKey, StringComparison.Ordinal);
        Assert.Contains("not resolved automatically", note.Text, StringComparison.Ordinal);
        Assert.Contains("step 3", note.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AutoResolveMode.Note, 1)]
    [InlineData(AutoResolveMode.Nothing, 0)]
    public async Task ProcessPendingAsync_ResolvedWithNoteOrNothingMode_LeavesIncidentOpen(AutoResolveMode mode, int notes)
    {
        var h = new AlertIntakeHarness(new AlertIntakeOptions { AutoResolve = mode });
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);

        await h.DeliverAsync(Resolved(a));

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Equal(notes, incident.WorkNoteCount);
    }

    [Fact]
    public async Task CheckDueAsync_HoldDown_ResolvesOnlyAfterIt()
    {
        var h = new AlertIntakeHarness(new AlertIntakeOptions { HoldDown = Duration.FromMinutes(5) });
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));

        h.Clock.Advance(Duration.FromMinutes(4));
        await h.Processor.CheckDueAsync(100, Ct);
        Assert.Equal(IncidentState.New, (await h.OnlyIncidentAsync()).State);
        h.Clock.Advance(Duration.FromMinutes(1));
        await h.Processor.CheckDueAsync(100, Ct);

        Assert.Equal(IncidentState.Resolved, (await h.OnlyIncidentAsync()).State);
    }

    [Fact]
    public async Task CheckDueAsync_RefireDuringHoldDown_KeepsIncidentOpen()
    {
        var h = new AlertIntakeHarness(new AlertIntakeOptions { HoldDown = Duration.FromMinutes(5) });
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));
        h.Clock.Advance(Duration.FromMinutes(2));
        await h.DeliverAsync(a with { StartsAt = h.Clock.GetCurrentInstant() });

        h.Clock.Advance(Duration.FromMinutes(10));
        await h.Processor.CheckDueAsync(100, Ct);

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(IncidentState.New, incident.State);
        Assert.Equal(1, await h.PagesAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_RefireInsideReopenWindow_ReopensSameIncident()
    {
        var h = new AlertIntakeHarness();
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));
        h.Clock.Advance(Duration.FromMinutes(30));

        await h.DeliverAsync(a with { StartsAt = h.Clock.GetCurrentInstant() });

        var incident = await h.OnlyIncidentAsync();
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
    }

    [Fact]
    public async Task ProcessPendingAsync_RefireAfterReopenWindow_OpensNewIncident()
    {
        var h = new AlertIntakeHarness();
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));
        h.Clock.Advance(Duration.FromHours(2));

        await h.DeliverAsync(a with { StartsAt = h.Clock.GetCurrentInstant() });

        var incidents = await h.AllIncidentsAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Single(incidents, i => i.State == IncidentState.Resolved);
        Assert.Single(incidents, i => i.State == IncidentState.New);
    }

    [Fact]
    public async Task ProcessPendingAsync_StaleFiringAfterResolve_NeitherReopensNorOpens()
    {
        var h = new AlertIntakeHarness();
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));
        h.Clock.Advance(Duration.FromSeconds(9));

        // The second HA peer missed the resolve and sends the old episode's firing again.
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(0, incident.ReopenCount);
        Assert.Equal(1, await h.PagesAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_StaleFiringArrivingAfterItsResolveOnly_OpensNothing()
    {
        var h = new AlertIntakeHarness();
        var a = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());

        // The firing from peer one never arrived; peer two's stale firing comes after the resolve: new to the inbox, old in time.
        await h.DeliverAsync(Resolved(a));
        h.Clock.Advance(Duration.FromSeconds(9));
        await h.DeliverAsync(a);

        Assert.Equal(2, (await h.Store.ListReceivedAsync(Tenant, 10, Ct)).Count);
        Assert.Empty(await h.AllIncidentsAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_Flapping_NotesOnceAndPagesNoMoreUntilQuiet()
    {
        var h = new AlertIntakeHarness(new AlertIntakeOptions { FlappingThreshold = 4, FlappingWindow = Duration.FromMinutes(10), FlappingQuietPeriod = Duration.FromMinutes(15) });
        var first = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(first);
        for (var i = 1; i <= 6; i++)
        {
            h.Clock.Advance(Duration.FromMinutes(1));
            var episode = first with { StartsAt = h.Clock.GetCurrentInstant() - Duration.FromSeconds(30) };
            await h.DeliverAsync(episode with { StartsAt = first.StartsAt + Duration.FromMinutes(i) - Duration.FromSeconds(30) });
            await h.DeliverAsync(Resolved(episode with { StartsAt = first.StartsAt + Duration.FromMinutes(i) - Duration.FromSeconds(30) }));
        }

        var flapping = await h.OnlyIncidentAsync();
        var pagesWhileFlapping = await h.PagesAsync();
        Assert.Contains("flapping", Assert.Single(flapping.Events.OfType<AlertGroupFlapping>()).Text, StringComparison.Ordinal);
        Assert.True(pagesWhileFlapping <= 3, $"{pagesWhileFlapping} pages: paging must stop once the group flaps");

        h.Clock.Advance(Duration.FromMinutes(16));
        await h.Processor.CheckDueAsync(100, Ct);
        var quiet = await h.OnlyIncidentAsync();

        Assert.Contains(quiet.Events.OfType<WorkNoteAdded>(), n => n.Text.Contains("stopped flapping", StringComparison.Ordinal));
        Assert.Equal(IncidentState.Resolved, quiet.State);
        Assert.Equal(pagesWhileFlapping, await h.PagesAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_Flapping_TellsSubscribersOnceThroughTheOutboxAndPagesNoOneWhileItFlaps()
    {
        var subscriptions = new InMemorySubscriptionStore([new Subscription(Tenant, Recipient.ForGroup("ops"), SubscriptionTarget.ForService("api"))]);
        var h = new AlertIntakeHarness(new AlertIntakeOptions { FlappingThreshold = 4, FlappingWindow = Duration.FromMinutes(10), FlappingQuietPeriod = Duration.FromMinutes(15) },
            outbox: new NotificationOutboxPlanner(new NotificationComposer(), subscriptions));
        var first = Firing("fp1", "ApiDown", h.Clock.GetCurrentInstant());
        await h.DeliverAsync(first);
        async Task<List<string>> KindsAsync() =>
            [.. (await h.Store.ListOutboxAsync(Tenant, 1000, Ct)).Select(r => NotificationMessageSerializer.Deserialize(r.Payload).EventKind)];
        async Task FlapAsync(int i)
        {
            h.Clock.Advance(Duration.FromMinutes(1));
            var episode = first with { StartsAt = first.StartsAt + Duration.FromMinutes(i) - Duration.FromSeconds(30) };
            await h.DeliverAsync(episode);
            await h.DeliverAsync(Resolved(episode));
        }

        var round = 0;
        while (!(await KindsAsync()).Contains("alert-group-flapping"))
        {
            Assert.True(++round <= 6, "The group never started flapping.");
            await FlapAsync(round);
        }

        var pagesWhenFlapping = (await KindsAsync()).Count(k => k is "opened" or "reopened");
        for (var more = 1; more <= 4; more++)
        {
            await FlapAsync(round + more);
        }

        var kinds = await KindsAsync();
        Assert.Single(kinds, k => k == "alert-group-flapping");
        Assert.Equal(pagesWhenFlapping, kinds.Count(k => k is "opened" or "reopened"));
        var notice = (await h.Store.ListOutboxAsync(Tenant, 1000, Ct)).Select(r => NotificationMessageSerializer.Deserialize(r.Payload)).Single(m => m.EventKind == "alert-group-flapping");
        Assert.Equal(Recipient.ForGroup("ops"), Assert.Single(notice.Recipients));
        Assert.Single((await h.OnlyIncidentAsync()).Events.OfType<AlertGroupFlapping>());

        h.Clock.Advance(Duration.FromMinutes(16));
        await h.Processor.CheckDueAsync(100, Ct);

        Assert.Single(await KindsAsync(), k => k == "alert-group-flapping");
        Assert.Contains((await h.OnlyIncidentAsync()).Events.OfType<WorkNoteAdded>(), n => n.Text.Contains("stopped flapping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunHeartbeatChecksAsync_MissedHeartbeat_OpensAndNextPingResolves()
    {
        var monitor = new HeartbeatMonitor(Tenant, "nightly-backup", Duration.FromMinutes(10), Duration.FromMinutes(2));
        var h = new AlertIntakeHarness(heartbeats: [monitor]);
        Assert.True(await h.Processor.PingAsync(Tenant, "nightly-backup", Ct));
        Assert.False(await h.Processor.PingAsync(Tenant, "unknown", Ct));
        await h.Processor.ProcessPendingAsync("t", 10, Ct);

        h.Clock.Advance(Duration.FromMinutes(11));
        await h.Processor.RunHeartbeatChecksAsync("t", 10, Ct);
        Assert.Empty(await h.AllIncidentsAsync());
        h.Clock.Advance(Duration.FromMinutes(1));
        await h.Processor.RunHeartbeatChecksAsync("t", 10, Ct);
        var missed = await h.OnlyIncidentAsync();
        Assert.Equal("Heartbeat missed: nightly-backup", missed.Title);
        Assert.Equal(IncidentState.New, missed.State);

        h.Clock.Advance(Duration.FromMinutes(1));
        await h.Processor.PingAsync(Tenant, "nightly-backup", Ct);
        await h.Processor.ProcessPendingAsync("t", 10, Ct);

        Assert.Equal(IncidentState.Resolved, (await h.OnlyIncidentAsync()).State);
    }

    [Fact]
    public async Task ProcessPendingAsync_SilencedAlert_RecordedButOpensNothingUntilWindowEnds()
    {
        var h = new AlertIntakeHarness();
        var now = h.Clock.GetCurrentInstant();
        h.Processor.Silences = new SilenceSet([MaintenanceWindow.Once("mw1", Tenant, ["alertname=\"ApiDown\""], now - Duration.FromMinutes(1),
            now + Duration.FromMinutes(30), new UserId("user:ops"), "database upgrade")]);

        await h.DeliverAsync(Firing("fp1", "ApiDown", now));
        h.Clock.Advance(Duration.FromMinutes(29));
        await h.Processor.CheckDueAsync(100, Ct);
        Assert.Single(await h.Store.ListReceivedAsync(Tenant, 10, Ct));
        Assert.Empty(await h.AllIncidentsAsync());

        h.Clock.Advance(Duration.FromMinutes(1));
        await h.Processor.CheckDueAsync(100, Ct);

        Assert.Equal("API is down", (await h.OnlyIncidentAsync()).Title);
    }

    [Fact]
    public async Task CheckDueAsync_SilencedAlertResolvedInsideWindow_NeverOpens()
    {
        var h = new AlertIntakeHarness();
        var now = h.Clock.GetCurrentInstant();
        h.Processor.Silences = new SilenceSet([MaintenanceWindow.Once("mw1", Tenant, ["service=\"api\""], now, now + Duration.FromMinutes(30), new UserId("user:ops"), "upgrade")]);
        var a = Firing("fp1", "ApiDown", now);
        await h.DeliverAsync(a);
        await h.DeliverAsync(Resolved(a));

        h.Clock.Advance(Duration.FromHours(1));
        await h.Processor.CheckDueAsync(100, Ct);

        Assert.Empty(await h.AllIncidentsAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_DroppedRoute_RecordsButOpensNothing()
    {
        var routes = AlertRoutingTable.Build([new AlertRoute { Name = "noise", Matchers = ["severity=\"info\""], Drop = true }]);
        var h = new AlertIntakeHarness(routes: routes);

        await h.DeliverAsync(Firing("fp1", "Chatty", h.Clock.GetCurrentInstant(), "info"));

        Assert.Single(await h.Store.ListReceivedAsync(Tenant, 10, Ct));
        Assert.Empty(await h.AllIncidentsAsync());
    }

    [Fact]
    public async Task ProcessPendingAsync_TwoProcessorsRacingOneGroup_OpenOneIncident()
    {
        var h = new AlertIntakeHarness();
        var start = h.Clock.GetCurrentInstant();
        await h.Processor.ReceiveAsync(Tenant, [.. Enumerable.Range(0, 40).Select(i => Firing($"fp{i}", "ApiDown", start))], Ct);
        var other = new AlertProcessor(h.Store, h.Incidents, h.Clock, h.Processor.Routes);

        await Task.WhenAll(
            Task.Run(async () => { while (await h.Processor.ProcessPendingAsync("a", 1, Ct) > 0) { } }, Ct),
            Task.Run(async () => { while (await other.ProcessPendingAsync("b", 1, Ct) > 0) { } }, Ct));

        var incident = await h.OnlyIncidentAsync();
        Assert.Equal(40, incident.LinkedAlerts.Count);
    }
}
