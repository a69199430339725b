using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States that tenants never touch each other, even when they share an incident id: every event kind, the delivery
/// log, due work and the outbox stay each tenant's own.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class TenantIsolationConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    private IDeliveryLog Log => Assert.IsAssignableFrom<IDeliveryLog>(Incidents);

    [Fact]
    public async Task EveryEventKind_TwoTenantsShareAnIncidentId_EachKeepsItsOwn()
    {
        var shared = IncidentId.New();
        var withdrawn = IncidentId.New();
        var service = new IncidentService(Incidents, Clock, PlanOnlyAutomation.Options(_ => new DueWork(Now + Duration.FromMinutes(5), DueWorkKind.AutoClose)));
        var dueAt = Now + Duration.FromMinutes(30);

        // The same script, with the same caller-chosen ids, for each tenant in turn: the second must not trip on the first.
        foreach (var tenant in new[] { TenantA, TenantB })
        {
            await service.OpenAsync(tenant, Details(), Actor, shared, Ct);
            await RunEveryCommandAsync(service, tenant, shared, dueAt);
            Assert.True(await Log.RecordDeliveryAsync(DeliveryRecord.ForDelivery(tenant, shared, "email", "k1/email/user:bob", 1, Now), Ct));
            Assert.True(await Log.RecordDeliveryAsync(DeliveryRecord.ForFailure(tenant, shared, "webhook", "k1/webhook/group:ops", 1, "HTTP 503", true, Now), Ct));
            Assert.False(await Log.RecordDeliveryAsync(DeliveryRecord.ForDelivery(tenant, shared, "email", "k1/email/user:bob", 2, Now), Ct));

            await service.OpenAsync(tenant, Details(), Actor, withdrawn, Ct);
            await service.ExecuteAsync(tenant, withdrawn, (i, at) => i.Cancel("logged twice", at, Actor), Ct);
        }

        var a = await Incidents.ReadAsync(TenantA, shared, 0, Ct);
        var b = await Incidents.ReadAsync(TenantB, shared, 0, Ct);
        Assert.Equal(a.Events.Select(e => e.GetType()), b.Events.Select(e => e.GetType()));
        Assert.Empty(a.Events.Select(e => e.EventId).Intersect(b.Events.Select(e => e.EventId)));
        Assert.Equal(TenantA, Assert.IsType<IncidentOpened>(a.Events[0]).Tenant);
        Assert.Equal(TenantB, Assert.IsType<IncidentOpened>(b.Events[0]).Tenant);

        // Every concrete event kind was stored for both tenants.
        var cancelled = await Incidents.ReadAsync(TenantB, withdrawn, 0, Ct);
        var stored = a.Events.Concat(cancelled.Events).Select(e => e.GetType()).ToHashSet();
        var kinds = typeof(IncidentEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(IncidentEvent)) && !t.IsAbstract && t.IsPublic);
        Assert.All(kinds, k => Assert.Contains(k, stored));

        // The delivery log is per tenant: the same channel and key are two entries, each in its own tenant's log.
        var logA = await Log.ReadDeliveriesAsync(TenantA, shared, Ct);
        var logB = await Log.ReadDeliveriesAsync(TenantB, shared, Ct);
        Assert.Equal(2, logA.Count);
        Assert.Equal(2, logB.Count);
        Assert.All(logA, d => Assert.Equal(TenantA, d.Tenant));
        Assert.All(logB, d => Assert.Equal(TenantB, d.Tenant));
        Assert.Empty(logA.Select(d => d.Id).Intersect(logB.Select(d => d.Id)));
        Assert.Empty(await Log.ReadDeliveriesAsync(new TenantId("tenant-c"), shared, Ct));

        // Due work: one item per tenant, each claimed and completed on its own.
        Assert.NotNull(await DueWork.FindDueOrNullAsync(TenantA, shared, Ct));
        Assert.NotNull(await DueWork.FindDueOrNullAsync(TenantB, shared, Ct));
        Clock.Advance(Duration.FromMinutes(10));
        var claims = await DueWork.ClaimDueAsync("worker", Lease, 10, Ct);
        Assert.Equal([TenantA.Value, TenantB.Value], claims.Where(c => c.Incident == shared).Select(c => c.Tenant.Value).Order(StringComparer.Ordinal));
        var claimA = claims.Single(c => c.Tenant == TenantA && c.Incident == shared);
        Assert.True(await DueWork.CompleteDueAsync(claimA, Ct));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, shared, Ct));
        Assert.NotNull(await DueWork.FindDueOrNullAsync(TenantB, shared, Ct));
    }

    [Fact]
    public async Task RecordDeliveryAsync_IncidentOfAnotherTenant_ThrowsIncidentNotFound()
    {
        var incident = await StoreNewAsync(TenantA);

        await Assert.ThrowsAsync<IncidentNotFoundException>(() =>
            Log.RecordDeliveryAsync(DeliveryRecord.ForDelivery(TenantB, incident.Id, "email", "k", 1, Now), Ct).AsTask());

        Assert.Empty(await Log.ReadDeliveriesAsync(TenantA, incident.Id, Ct));
        Assert.Empty(await Log.ReadDeliveriesAsync(TenantB, incident.Id, Ct));
    }

    [Fact]
    public async Task RecordDeliveryAsync_Entries_ReadBackInOrderAndLeaveTheStreamAlone()
    {
        var incident = await StoreNewAsync(TenantA);
        var failed = DeliveryRecord.ForFailure(TenantA, incident.Id, "webhook", "k2", 1, "HTTP 503\0 from the\r\nserver", willRetry: true, Now + Duration.FromSeconds(1));
        var delivered = DeliveryRecord.ForDelivery(TenantA, incident.Id, "webhook", "k2", 2, Now + Duration.FromSeconds(5));
        var first = DeliveryRecord.ForDelivery(TenantA, incident.Id, "email", "k1", 1, Now);

        Assert.True(await Log.RecordDeliveryAsync(failed, Ct));
        Assert.True(await Log.RecordDeliveryAsync(delivered, Ct));
        Assert.True(await Log.RecordDeliveryAsync(first, Ct));
        Assert.False(await Log.RecordDeliveryAsync(failed, Ct));

        Assert.Equal([first, failed, delivered], await Log.ReadDeliveriesAsync(TenantA, incident.Id, Ct));
        Assert.Equal("HTTP 503  from the \nserver", failed.Reason);
        Assert.Equal(1, (await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Version);
    }

    [Fact]
    public async Task CompleteAndFailOutboxAsync_ClaimNamingAnotherTenant_AreRefused()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident, null, Message(incident));
        var claim = Assert.Single(await Outbox.ClaimOutboxAsync("dispatcher", Lease, 10, Ct));
        var forged = claim with { Message = claim.Message with { Tenant = TenantB } };

        Assert.False(await Outbox.FailOutboxAsync(forged, Now, "forged", Ct));
        Assert.False(await Outbox.CompleteOutboxAsync(forged, Ct));

        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Assert.True(await Outbox.CompleteOutboxAsync(claim, Ct));
        Assert.Empty(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
    }

    [Fact]
    public async Task OpenAsync_ControlCharacterInTitleOrNote_RefusedWithTheFieldNameOnEveryStore()
    {
        var service = new IncidentService(Incidents, Clock);

        var title = await Assert.ThrowsAsync<ArgumentException>(() => service.OpenAsync(TenantA, Details() with { Title = "Checkout\0fails" }, Actor, null, Ct));
        Assert.Equal("details.Title", title.ParamName);
        Assert.Contains("U+0000", title.Message, StringComparison.Ordinal);

        var opened = await service.OpenAsync(TenantA, Details() with { Title = "Checkout\tfails" }, Actor, null, Ct);
        var note = await Assert.ThrowsAsync<ArgumentException>(() => service.ExecuteAsync(TenantA, opened.Id, (i, at) => i.AddWorkNote("disk\0full", at, Actor), Ct));
        Assert.Equal("text", note.ParamName);
        await service.ExecuteAsync(TenantA, opened.Id, (i, at) => i.AddWorkNote("disk full\r\n\tsee graph", at, Actor), Ct);

        var stored = await Incidents.ReadAsync(TenantA, opened.Id, 0, Ct);
        Assert.Equal("disk full\r\n\tsee graph", Assert.IsType<WorkNoteAdded>(stored.Events[^1]).Text);
        Assert.Equal(2, stored.Version);
    }

    private static NewIncident Details() => new()
    {
        Title = "Checkout fails",
        Impact = new Impact(2),
        Urgency = new Urgency(2),
        Service = "checkout",
    };

    private static async Task RunEveryCommandAsync(IncidentService service, TenantId tenant, IncidentId id, Instant dueAt)
    {
        var policy = new EscalationPolicyBuilder("p", "Primary")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Actor))
            .Build();
        async Task Run(Action<Incident, Instant> decide) => await service.ExecuteAsync(tenant, id, decide, Ct);

        await Run((i, at) => i.RecordEscalation(new EscalationDecision(
            [
                new EscalationStarted(Guid.NewGuid(), at, UserId.System)
                {
                    Policy = policy.ToSnapshot(),
                    StartLevel = 1,
                    Trigger = EscalationTrigger.Started,
                    RuleName = "default",
                },
                new EscalationStepFired(Guid.NewGuid(), at, UserId.System)
                {
                    Level = 1,
                    Round = 1,
                    Kind = EscalationKind.Functional,
                    Trigger = EscalationTrigger.Started,
                    DueAt = at,
                    Targets = [EscalationTarget.User(Actor)],
                    Recipients = [Actor],
                    UnresolvedTargets = [],
                    MissedSteps = 0,
                },
                new EscalationStepSkipped(Guid.NewGuid(), at, UserId.System)
                {
                    Level = 1,
                    Round = 1,
                    Trigger = EscalationTrigger.SlaBreach,
                    DueAt = at,
                    Reason = "level 1 already paged in this cycle",
                },
            ], [], null, i.Version)));
        await Run((i, at) => i.Acknowledge(at, Actor));
        await Run((i, at) => i.Assign(Actor, "ops", at, Actor));
        await Run((i, at) => i.StartWork(at, Actor));
        await Run((i, at) => i.PutOnHold("vendor", at, Actor));
        await Run((i, at) => i.Resume(at, Actor));
        await Run((i, at) => i.Reassess(new Impact(1), new Urgency(1), "wider", at, Actor));
        await Run((i, at) => i.OverridePriority(Priority.P2, "exec call", at, Actor));
        await Run((i, at) => i.Recategorise(new Categories.CategoryPath("Network"), "wrong", at, Actor));
        await Run((i, at) => i.AddWorkNote("looking", at, Actor));
        await Run((i, at) => i.AddEvidenceLink("ev-1", "Grafana panel", new Uri("https://grafana.example/d/checkout"), at, Actor));
        await Run((i, at) => i.LinkAlert("prom:checkout", "prometheus", at, Actor));
        await Run((i, at) => i.RecordAlertGroupFlapping("Alert group is flapping: 6 state changes within 10 min.", at, Actor));
        await Run((i, at) => i.RecordAlertResolveHeld("alertname=CheckoutDown", "Every alert of the group resolved; step 2 is still open.", at, Actor));
        await Run((i, at) => i.RecordDiagnosis(DiagnosisStage.Symptoms, "5xx", at, Actor));
        await Run((i, at) => i.Escalate(EscalationKind.Hierarchical, "at risk", "management", at, Actor));
        await Run((i, at) => i.PostStatusUpdate("Failover under way.", Audience.External, at, Actor));
        await Run((i, at) => i.RecordSlaEvents(
        [
            new SlaDueEvent(at, SlaTargetKind.Response, SlaEventKind.Warning, 75, 1, at),
            new SlaDueEvent(at, SlaTargetKind.Resolution, SlaEventKind.Breach, 100, 1, at),
            new SlaDueEvent(at, SlaTargetKind.Response, SlaEventKind.Met, 100, 1, at),
        ], UserId.System));

        // The facts whose ids derive from the incident: the ones that collided across tenants.
        await Run((i, at) => i.RecordStatusUpdateDue(dueAt, at));
        await Run((i, at) => i.RecordExecutiveSummaryDue(dueAt, at));
        await Run((i, at) => i.RecordNotificationDelivered("email", "k1/email/user:bob", 1, at));
        await Run((i, at) => i.RecordNotificationFailed("webhook", "k1/webhook/group:ops", 1, "HTTP 503", true, at));
        await Run((i, at) => i.RecordNotificationDropped("console", "k2/console/user:bob", "acknowledged before it was sent", at));

        // Major incidents and runbooks (issue 12).
        await Run((i, at) => i.AddAffectedService("payments", at, Actor));
        await Run((i, at) => i.DeclareMajor("checkout down in every region", at, Actor));
        await Run((i, at) => i.AssignResponseRole(MajorIncidents.ResponseRole.SubjectMatterExpert, Actor, "DBA", at, Actor));
        await Run((i, at) => i.ReleaseResponseRole(MajorIncidents.ResponseRole.SubjectMatterExpert, Actor, at, Actor));
        await Run((i, at) => i.RecordMajorIncidentStepFailed(MajorIncidents.MajorIncidentStep.OpenWarRoom, "HTTP 503", at + Duration.FromSeconds(30), at));
        await Run((i, at) => i.RecordMajorIncidentStepCompleted(MajorIncidents.MajorIncidentStep.OpenWarRoom, "opened", at, new Uri("https://chat.example/inc")));
        await Run((i, at) => i.StandDownMajor("contained", at, Actor));
        await Run((i, at) => i.AttachRunbook(new Runbooks.RunbookSnapshot("db-failover", 2, "Database failover",
            [new Runbooks.RunbookStep("Page the DBA", true, Duration.FromMinutes(5), [new Uri("https://wiki.example/dba")]), new Runbooks.RunbookStep("Check lag", false, null, [])]),
            "by hand", at, Actor));
        await Run((i, at) => i.CompleteRunbookStep(1, "paged", at, Actor));
        await Run((i, at) => i.SkipRunbookStep(2, "no lag", at, Actor));
        await Run((i, at) => i.Resolve("fixed", "failed over", at, Actor));
        await Run((i, at) => i.Reopen("again", at, Actor));
        await Run((i, at) => i.Resolve("fixed", "failed over again", at, Actor));
        await Run((i, at) => i.RecordPostIncidentReviewDrafted(i.ResolvedAt!.Value, at + Duration.FromDays(3), Actor, at));
        await Run((i, at) => i.Close(at, Actor));
    }
}
