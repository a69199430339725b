using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the stream contract: expected versions, conflicts, atomic changes, idempotent repeats, reads and tenants.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class StreamConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    [Fact]
    public async Task AppendAsync_NewStream_StoresEventsAndReadsThemBack()
    {
        var incident = NewIncident(TenantA, category: "Network/VPN");
        incident.Acknowledge(Now, Actor);

        var result = await Incidents.AppendAsync(IncidentChange.For(incident), Ct);

        Assert.Equal(new AppendResult(2, WasDuplicate: false), result);
        var history = await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct);
        Assert.Equal(2, history.Version);
        Assert.True(history.Exists);
        Assert.Equal(Json(incident.Events), Json(history.Events));
        Assert.Equal(incident.ToSummary(), Incident.FromHistory(history.Events).ToSummary());
    }

    [Fact]
    public async Task AppendAsync_MajorIncidentAndRunbookEvents_ReadBackEqualFieldByField()
    {
        var incident = NewIncident(TenantA, impact: 1, urgency: 1);
        var commander = new UserId("user:carol");
        incident.AddAffectedService("payments", Now, Actor);
        Assert.True(incident.DeclareMajorByRule(MajorIncidents.MajorIncidentPolicy.Default, Now));
        incident.AssignResponseRole(MajorIncidents.ResponseRole.IncidentCommander, commander, "on call", Now, Actor);
        incident.AssignResponseRole(MajorIncidents.ResponseRole.SubjectMatterExpert, Actor, null, Now, commander);
        incident.ReleaseResponseRole(MajorIncidents.ResponseRole.SubjectMatterExpert, Actor, Now, commander);
        incident.RecordMajorIncidentStepFailed(MajorIncidents.MajorIncidentStep.OpenWarRoom, "HTTP 503 from the chat\u0000 bot", Now + Duration.FromSeconds(30), Now);
        MajorIncidents.MajorIncidentChecklist.Run(incident, MajorIncidents.MajorIncidentPolicy.Default, Now);
        incident.AttachRunbook(new Runbooks.RunbookSnapshot("db-failover", 2, "Database failover",
            [new Runbooks.RunbookStep("Page the DBA", true, Duration.FromMinutes(5), [new Uri("https://wiki.example/dba?q=ü")]), new Runbooks.RunbookStep("Check lag", false, null, [])]),
            "selected for Network", Now, Actor);
        incident.CompleteRunbookStep(1, "paged", Now, Actor);
        incident.SkipRunbookStep(2, "no lag", Now, Actor);
        incident.StandDownMajor("contained", Now, commander);

        await Incidents.AppendAsync(IncidentChange.For(incident), Ct);

        var history = await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct);
        Assert.Equal(incident.Events, history.Events);
        var replayed = Incident.FromHistory(history.Events);
        Assert.Equal(incident.ResponseRoleHistory, replayed.ResponseRoleHistory);
        Assert.Equal(Runbooks.RunbookProgress.Of(incident)!.Steps, Runbooks.RunbookProgress.Of(replayed)!.Steps);
        Assert.Equal(4, replayed.Events.OfType<Incidents.Events.MajorIncidentStepCompleted>().Count());
    }

    [Fact]
    public async Task AppendAsync_ExactExpectedVersion_AppendsAfterIt()
    {
        var incident = await StoreNewAsync(TenantA);

        var second = await AddNoteAsync(incident);
        var third = await AddNoteAsync(incident);

        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        Assert.Equal(Json(incident.Events), Json((await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Events));
    }

    [Fact]
    public async Task AppendAsync_StaleExpectedVersion_ThrowsWithActualVersion()
    {
        var incident = await StoreNewAsync(TenantA);
        var stale = Incident.FromHistory(incident.Events);
        await AddNoteAsync(incident);
        stale.AddWorkNote("late", Now, Actor);

        var error = await Assert.ThrowsAsync<IncidentConcurrencyException>(() => Incidents.AppendAsync(IncidentChange.For(stale), Ct).AsTask());

        Assert.Equal(new ExpectedVersion(1), error.Expected);
        Assert.Equal(2, error.Actual);
        Assert.Equal(TenantA, error.Tenant);
        Assert.Equal(incident.Id, error.Incident);
        Assert.Equal(2, (await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Version);
    }

    [Fact]
    public async Task AppendAsync_NoIncidentButStreamExists_Throws()
    {
        var incident = await StoreNewAsync(TenantA);
        var twin = NewIncident(TenantA, title: "Same id again", id: incident.Id);

        var error = await Assert.ThrowsAsync<IncidentConcurrencyException>(() => Incidents.AppendAsync(IncidentChange.For(twin), Ct).AsTask());

        Assert.Equal(ExpectedVersion.NoIncident, error.Expected);
        Assert.Equal(1, error.Actual);
        Assert.Equal(Json(incident.Events), Json((await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Events));
    }

    [Fact]
    public async Task AppendAsync_ExpectedVersionOnMissingStream_ThrowsWithActualZero()
    {
        var incident = NewIncident(TenantA);
        incident.MarkCommitted();
        incident.AddWorkNote("orphan", Now, Actor);

        var error = await Assert.ThrowsAsync<IncidentConcurrencyException>(() => Incidents.AppendAsync(IncidentChange.For(incident), Ct).AsTask());

        Assert.Equal(0, error.Actual);
        Assert.False((await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Exists);
    }

    [Fact]
    public async Task AppendAsync_BatchWithAnEventIdStoredAlready_WritesNothing()
    {
        var due = new DueWork(Now + Duration.FromHours(1), DueWorkKind.SlaThreshold);
        var incident = await StoreNewAsync(TenantA, due);
        incident.AddWorkNote("new", Now, Actor);
        var note = incident.PendingEvents[0];
        var change = IncidentChange.For(incident) with
        {
            Events = [note, note with { EventId = incident.Events[0].EventId }],
            NextDue = new DueWork(Now, DueWorkKind.AutoClose),
            Outbox = [Message(incident)],
        };
        change = change with { Summary = change.Summary with { Version = 3 } };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change, Ct).AsTask());

        var history = await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct);
        Assert.Equal(1, history.Version);
        Assert.Single(history.Events);
        Assert.Equal(due, await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
        Assert.Empty(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Assert.Equal(1, (await Incidents.ListAsync(TenantA, IncidentQuery.Open, Ct)).Items.Single().Version);
    }

    // A change whose event ids are all stored, but in another stream, is not a repeat of it: it is refused, and the stream it
    // names is left as it was (the in-memory store keeps one set of event ids for the whole store and scans the stream only then).
    [Fact]
    public async Task AppendAsync_EventIdsStoredOnlyInAnotherStream_IsRefusedNotReportedAsDuplicate()
    {
        var first = await StoreNewAsync(TenantA);
        var second = await StoreNewAsync(TenantA);
        second.AddWorkNote("borrowed ids", Now, Actor);
        var note = second.PendingEvents[0];
        var change = IncidentChange.For(second) with { Events = [note with { EventId = first.Events[0].EventId }] };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change, Ct).AsTask());

        Assert.Single((await Incidents.ReadAsync(TenantA, second.Id, 0, Ct)).Events);
        Assert.Single((await Incidents.ReadAsync(TenantA, first.Id, 0, Ct)).Events);
    }

    [Fact]
    public async Task AppendAsync_BatchWithAnOutboxIdStoredAlready_WritesNothing()
    {
        var incident = await StoreNewAsync(TenantA);
        var sent = Message(incident);
        await AddNoteAsync(incident, null, sent);
        incident.AddWorkNote("one", Now, Actor);
        incident.AddWorkNote("two", Now, Actor);
        var change = IncidentChange.For(incident) with { Outbox = [Message(incident), sent], NextDue = new DueWork(Now, DueWorkKind.UpdateReminder) };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change, Ct).AsTask());

        Assert.Equal(2, (await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Version);
        Assert.Equal([sent.Id], (await Outbox.ListOutboxAsync(TenantA, 100, Ct)).Select(o => o.Id));
        Assert.Null(await DueWork.FindDueOrNullAsync(TenantA, incident.Id, Ct));
    }

    [Fact]
    public async Task AppendAsync_SameChangeTwice_StoresOneCopyAndReportsDuplicate()
    {
        var incident = NewIncident(TenantA);
        incident.Acknowledge(Now, Actor);
        var change = IncidentChange.For(incident) with { Outbox = [Message(incident)] };

        var first = await Incidents.AppendAsync(change, Ct);
        var second = await Incidents.AppendAsync(change, Ct);

        Assert.Equal(new AppendResult(2, false), first);
        Assert.Equal(new AppendResult(2, true), second);
        Assert.Equal(2, (await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Events.Count);
        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
    }

    [Fact]
    public async Task AppendAsync_RepeatOfAnOlderChange_ReportsDuplicateWithCurrentVersion()
    {
        var incident = await StoreNewAsync(TenantA);
        incident.AddWorkNote("once", Now, Actor);
        var change = IncidentChange.For(incident);
        await Incidents.AppendAsync(change, Ct);
        incident.MarkCommitted();
        await AddNoteAsync(incident);

        var repeat = await Incidents.AppendAsync(change, Ct);

        Assert.Equal(new AppendResult(3, true), repeat);
        Assert.Equal(3, (await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Events.Count);
    }

    [Fact]
    public async Task ReadAsync_FromVersion_ReturnsOnlyLaterEvents()
    {
        var incident = await StoreNewAsync(TenantA);
        await AddNoteAsync(incident);
        await AddNoteAsync(incident);
        await AddNoteAsync(incident);

        var tail = await Incidents.ReadAsync(TenantA, incident.Id, 2, Ct);
        var beyond = await Incidents.ReadAsync(TenantA, incident.Id, 9, Ct);

        Assert.Equal(4, tail.Version);
        Assert.Equal(2, tail.FromVersion);
        Assert.Equal(Json(incident.Events.Skip(2)), Json(tail.Events));
        Assert.Equal(4, beyond.Version);
        Assert.Empty(beyond.Events);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Incidents.ReadAsync(TenantA, incident.Id, -1, Ct).AsTask());
    }

    [Fact]
    public async Task ReadAsync_UnknownIncident_ReturnsEmptyHistory()
    {
        var history = await Incidents.ReadAsync(TenantA, IncidentId.New(), 0, Ct);

        Assert.False(history.Exists);
        Assert.Equal(0, history.Version);
        Assert.Empty(history.Events);
    }

    [Fact]
    public async Task ReadAsync_OtherTenant_SeesNothing()
    {
        var incident = await StoreNewAsync(TenantA);

        var history = await Incidents.ReadAsync(TenantB, incident.Id, 0, Ct);

        Assert.False(history.Exists);
        Assert.Empty(history.Events);
    }

    [Fact]
    public async Task AppendAsync_OtherTenantWritingToSameIncidentId_DoesNotTouchTheFirstStream()
    {
        var incident = await StoreNewAsync(TenantA);
        var note = NewIncident(TenantB);
        note.MarkCommitted();
        note.AddWorkNote("intruder", Now, Actor);
        var intrusion = IncidentChange.For(note) with
        {
            Tenant = TenantB,
            Incident = incident.Id,
            ExpectedVersion = new ExpectedVersion(1),
            Summary = note.ToSummary() with { Tenant = TenantB, Id = incident.Id },
        };

        var error = await Assert.ThrowsAsync<IncidentConcurrencyException>(() => Incidents.AppendAsync(intrusion, Ct).AsTask());

        Assert.Equal(0, error.Actual);
        Assert.Equal(Json(incident.Events), Json((await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Events));
    }

    [Fact]
    public async Task AppendAsync_InvalidChange_ThrowsArgumentException()
    {
        var incident = NewIncident(TenantA);
        var change = IncidentChange.For(incident);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change with { Events = [] }, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change with { Summary = change.Summary with { Version = 5 } }, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change with { Outbox = [Message(incident) with { Payload = "{not json" }] }, Ct).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Incidents.AppendAsync(change with { Outbox = [Message(incident) with { Tenant = TenantB }] }, Ct).AsTask());
        Assert.False((await Incidents.ReadAsync(TenantA, incident.Id, 0, Ct)).Exists);
    }
}
