using System.Text.Json;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Prioritization;
using IncidentKit.Runbooks;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Storage;

public sealed class IncidentEventSerializerTests
{
    private static readonly Instant Precise = T0 + Duration.FromNanoseconds(123_456_789);

    public static TheoryData<string, IncidentEvent> EveryEvent() => new()
    {
        { "opened", new IncidentOpened(Guid.NewGuid(), Precise, Alice) { Incident = IncidentId.New(), Tenant = Tenant, Title = "DB down", Description = "details", Impact = Impact.High, Urgency = Urgency.Low, Priority = Priority.P3, Category = new CategoryPath("Hardware/Server/Disk"), AssignmentGroup = "dba", Service = "orders-db", Source = "monitoring" } },
        { "opened", new IncidentOpened(Guid.NewGuid(), Precise, Alice) { Incident = IncidentId.New(), Tenant = Tenant, Title = "DB down", Impact = new Impact(4), Urgency = new Urgency(5), Priority = new Priority(9) } },
        { "acknowledged", new IncidentAcknowledged(Guid.NewGuid(), Precise, Alice) },
        { "assigned", new IncidentAssigned(Guid.NewGuid(), Precise, Alice, Bob, "dba") },
        { "assigned", new IncidentAssigned(Guid.NewGuid(), Precise, Alice, null, null) },
        { "work-started", new WorkStarted(Guid.NewGuid(), Precise, Alice) },
        { "put-on-hold", new IncidentPutOnHold(Guid.NewGuid(), Precise, Alice, "vendor") },
        { "resumed", new IncidentResumed(Guid.NewGuid(), Precise, Alice) },
        { "priority-changed", new PriorityChanged(Guid.NewGuid(), Precise, Alice, Impact.Medium, Urgency.High, Priority.P1, "exec visibility", true) },
        { "priority-changed", new PriorityChanged(Guid.NewGuid(), Precise, Alice, Impact.Medium, Urgency.High, Priority.P2, null, false) },
        { "recategorised", new IncidentRecategorised(Guid.NewGuid(), Precise, Alice, new CategoryPath("Network"), "net", "wrong category") },
        { "work-note-added", new WorkNoteAdded(Guid.NewGuid(), Precise, Alice, "note with \"quotes\" and ünïcödé") },
        { "alert-linked", new AlertLinked(Guid.NewGuid(), Precise, Alice, "prom:db-down", "prometheus") },
        { "alert-group-flapping", new AlertGroupFlapping(Guid.NewGuid(), Precise, Alice, "Alert group is flapping: 6 state changes within 10 min.") },
        { "alert-resolve-held", new AlertResolveHeld(Guid.NewGuid(), Precise, Alice, "acme|alertname=ApiDown", "Every alert of the group resolved; step 3 is still open.") },
        { "diagnosis-recorded", new DiagnosisRecorded(Guid.NewGuid(), Precise, Alice, DiagnosisStage.ConfirmedRootCause, "disk full") },
        { "escalated", new IncidentEscalated(Guid.NewGuid(), Precise, Alice, EscalationKind.Hierarchical, "SLA at risk", "management") },
        { "resolved", new IncidentResolved(Guid.NewGuid(), Precise, Alice, "fixed", "freed space") },
        { "reopened", new IncidentReopened(Guid.NewGuid(), Precise, Alice, "again") },
        { "closed", new IncidentClosed(Guid.NewGuid(), Precise, Alice) },
        { "post-incident-review-drafted", new PostIncidentReviewDrafted(Guid.NewGuid(), Precise, Alice, Precise) { DueAt = Precise + Duration.FromDays(3), Owner = Alice } },
        { "post-incident-review-drafted", new PostIncidentReviewDrafted(Guid.NewGuid(), Precise, Alice, Precise) },
        { "cancelled", new IncidentCancelled(Guid.NewGuid(), Precise, Alice, "duplicate") },
        { "evidence-added", new EvidenceAdded(Guid.NewGuid(), Precise, Alice) { EvidenceId = "e1", Title = "Grafana", Url = new Uri("https://grafana.example/d/1") } },
        { "sla-warning-reached", new SlaWarningReached(Guid.NewGuid(), Precise, UserId.System, SlaTargetKind.Response, 1, 75, T0) },
        { "sla-breached", new SlaBreached(Guid.NewGuid(), Precise, UserId.System, SlaTargetKind.Resolution, 2, T0) },
        { "sla-met", new SlaMet(Guid.NewGuid(), Precise, UserId.System, SlaTargetKind.Update, 1, null) },
        { "status-update-posted", new StatusUpdatePosted(Guid.NewGuid(), Precise, Alice, "Failover under way.", IncidentKit.Communication.Audience.External) },
        { "status-update-due", new StatusUpdateDue(Guid.NewGuid(), Precise, UserId.System, T0) },
        { "executive-summary-due", new ExecutiveSummaryDue(Guid.NewGuid(), Precise, UserId.System, T0) },
        { "notification-delivered", new NotificationDelivered(Guid.NewGuid(), Precise, UserId.System, "email", "e1/email/user:bob", 1) },
        { "notification-failed", new NotificationFailed(Guid.NewGuid(), Precise, UserId.System, "webhook", "e1/webhook/group:ops", 2, "HTTP 503", true) },
        { "notification-dropped", new NotificationDropped(Guid.NewGuid(), Precise, UserId.System, "sms", "e1/sms/user:alice", "acknowledged by alice") },
        { "escalation-step-skipped", new EscalationStepSkipped(Guid.NewGuid(), Precise, UserId.System) { Level = 3, Round = 1, Trigger = EscalationTrigger.SlaBreach, DueAt = T0, CauseEventId = Guid.NewGuid(), Reason = "already paged" } },
        { "escalation-step-skipped", new EscalationStepSkipped(Guid.NewGuid(), Precise, UserId.System) { Level = 2, Round = 2, Trigger = EscalationTrigger.Timeout, DueAt = T0, Reason = "already paged" } },
        { "major-incident-declared", new MajorIncidentDeclared(Guid.NewGuid(), Precise, UserId.System, "Declared major by rule: priority P1.") { Rule = "priority P1" } },
        { "major-incident-declared", new MajorIncidentDeclared(Guid.NewGuid(), Precise, Alice, "checkout down everywhere") },
        { "major-incident-stood-down", new MajorIncidentStoodDown(Guid.NewGuid(), Precise, Alice, "contained") },
        { "response-role-assigned", new ResponseRoleAssigned(Guid.NewGuid(), Precise, Alice, ResponseRole.IncidentCommander, Bob) { Note = "end of shift", PagedFromSchedule = "commanders" } },
        { "response-role-released", new ResponseRoleReleased(Guid.NewGuid(), Precise, Alice, ResponseRole.SubjectMatterExpert, Bob) },
        { "affected-service-added", new AffectedServiceAdded(Guid.NewGuid(), Precise, Alice, "payments") },
        { "major-incident-step-completed", new MajorIncidentStepCompleted(Guid.NewGuid(), Precise, UserId.System, Guid.NewGuid(), MajorIncidentStep.TightenCadence, 1, "tightened")
            { UpdateEvery = Duration.FromMinutes(20), TightUntil = T0, ThenEvery = Duration.FromHours(1), User = Bob, Link = new Uri("https://chat.example.com/inc-1") } },
        { "major-incident-step-failed", new MajorIncidentStepFailed(Guid.NewGuid(), Precise, UserId.System, Guid.NewGuid(), MajorIncidentStep.OpenWarRoom, 2, "HTTP 503", T0) },
        { "runbook-attached", new RunbookAttached(Guid.NewGuid(), Precise, UserId.System, new RunbookSnapshot("db-failover", 3, "Database failover",
            [new RunbookStep("Page the DBA", true, Duration.FromMinutes(5), [new Uri("https://wiki.example.com/dba")]), new RunbookStep("Check lag", false, null, [])])) { Reason = "selected" } },
        { "runbook-step-completed", new RunbookStepCompleted(Guid.NewGuid(), Precise, Alice, "db-failover", 3, 1) { Note = "paged" } },
        { "runbook-step-skipped", new RunbookStepSkipped(Guid.NewGuid(), Precise, Alice, "db-failover", 3, 2, "lag is zero") },
    };

    [Theory]
    [MemberData(nameof(EveryEvent))]
    public void SerializeThenDeserialize_EveryEventType_RoundTripsWithItsDiscriminator(string discriminator, IncidentEvent e)
    {
        var json = IncidentEventSerializer.Serialize(e);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(discriminator, document.RootElement.GetProperty("type").GetString());
        Assert.Equal(e, IncidentEventSerializer.Deserialize(json));
        Assert.Equal(e, IncidentEventSerializer.Deserialize(IncidentEventSerializer.SerializeToUtf8Bytes(e)));
    }

    [Fact]
    public void Serialize_EveryConcreteEventType_IsCovered()
    {
        var covered = EveryEvent().Select(row => row.Data.Item2.GetType()).ToHashSet();

        // Events holding lists compare by reference as records, so their round trips are asserted structurally beside
        // their engines' tests (Escalation/EscalationEventSerializationTests).
        covered.UnionWith([typeof(EscalationStarted), typeof(EscalationStepFired)]);
        var all = typeof(IncidentEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(IncidentEvent)) && !t.IsAbstract && t.IsPublic && t.Namespace == typeof(IncidentEvent).Namespace);
        Assert.All(all, t => Assert.Contains(t, covered));
    }

    [Fact]
    public void Serialize_Instant_KeepsNanosecondsAsIsoUtc()
    {
        var json = IncidentEventSerializer.Serialize(new IncidentClosed(Guid.NewGuid(), Precise, Alice));
        Assert.Contains("\"at\":\"2026-06-15T14:00:00.123456789Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"alice\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void SerializeThenDeserialize_AlertLinkedWithStartsAtAndLabels_RoundTrips()
    {
        var e = new AlertLinked(Guid.NewGuid(), Precise, Alice, "prom:pg", "prometheus")
        {
            AlertStartsAt = T0 - Duration.FromMinutes(4),
            AlertLabels = new Dictionary<string, string> { ["alertname"] = "PostgresDown", ["instance"] = "db-1" },
        };

        var back = Assert.IsType<AlertLinked>(IncidentEventSerializer.Deserialize(IncidentEventSerializer.Serialize(e)));

        Assert.Equal(e, back);
        Assert.Equal(e.GetHashCode(), back.GetHashCode());
        Assert.Equal("PostgresDown", back.AlertLabels["alertname"]);
        Assert.Equal("db-1", back.AlertLabels["instance"]);
        Assert.NotEqual(e, back with { AlertLabels = new Dictionary<string, string> { ["alertname"] = "PostgresUp", ["instance"] = "db-1" } });
    }

    [Fact]
    public void Deserialize_AlertLinkedStoredBeforeLabels_ReadsEmptyLabels()
    {
        var id = Guid.NewGuid();
        var e = IncidentEventSerializer.Deserialize(
            $$"""{"type":"alert-linked","eventId":"{{id}}","at":"2026-06-15T14:00:00Z","actor":"bob","alertKey":"prom:pg","source":"prometheus"}""");

        var linked = Assert.IsType<AlertLinked>(e);
        Assert.Empty(linked.AlertLabels);
        Assert.Null(linked.AlertStartsAt);
        Assert.Equal(new AlertLinked(id, T0, Bob, "prom:pg", "prometheus"), linked);
    }

    [Fact]
    public void Deserialize_DiscriminatorNotFirst_Reads()
    {
        var id = Guid.NewGuid();
        var e = IncidentEventSerializer.Deserialize($$"""{"eventId":"{{id}}","at":"2026-06-15T14:00:00Z","actor":"bob","type":"closed"}""");
        Assert.Equal(new IncidentClosed(id, T0, Bob), e);
    }

    // The UTF-8 overload reads an object whose first property is the discriminator with the event type's own metadata (a fast
    // path for stored rows); odd shapes must still come out exactly as the general, string path reads them, or fail the same way.
    [Theory]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","type":"closed"}""")]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","type":"acknowledged"}""")]
    [InlineData("""{"type":"clos\u0065d","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData("""{"t\u0079pe":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData(""" { "type" : "closed" , "eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob" } """)]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","extra":{"type":"opened"}}""")]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"} trailing""")]
    [InlineData("""{"type":"closed","eventId":"not-a-guid","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData("""{"type":"work-note-added","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData("""{"type":"closed","type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","t\u0079pe":"closed"}""")]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","\u0074ype":"opened"}""")]
    [InlineData("""{"type":"alert-linked","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","alertKey":"k","source":"s","alertLabels":{"type":"db","n\u00e9":"\u003c"}}""")]
    [InlineData("""{"type":1,"eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    public void Deserialize_Utf8OddShapes_AgreesWithTheStringOverload(string json)
    {
        Exception? fromString = null, fromUtf8 = null;
        IncidentEvent? viaString = null, viaUtf8 = null;
        try
        {
            viaString = IncidentEventSerializer.Deserialize(json);
        }
        catch (JsonException ex)
        {
            fromString = ex;
        }

        try
        {
            viaUtf8 = IncidentEventSerializer.Deserialize(System.Text.Encoding.UTF8.GetBytes(json));
        }
        catch (JsonException ex)
        {
            fromUtf8 = ex;
        }

        Assert.Equal(viaString, viaUtf8);
        Assert.Equal(fromString?.GetType(), fromUtf8?.GetType());
    }

    [Theory]
    [InlineData("""{"type":"exploded","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData("""{"eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob"}""")]
    [InlineData("""{"type":"closed","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":""}""")]
    [InlineData("""{"type":"recategorised","eventId":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"bob","category":"a//b"}""")]
    [InlineData("null")]
    [InlineData("{")]
    public void Deserialize_UnknownTypeMissingDiscriminatorNullOrMalformed_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => IncidentEventSerializer.Deserialize(json));
        Assert.ThrowsAny<JsonException>(() => IncidentEventSerializer.Deserialize(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Serialize_Null_ThrowsArgumentNullException()
    {
        Assert.Equal("incidentEvent", Assert.Throws<ArgumentNullException>(() => IncidentEventSerializer.Serialize(null!)).ParamName);
        Assert.Equal("json", Assert.Throws<ArgumentNullException>(() => IncidentEventSerializer.Deserialize((string)null!)).ParamName);
    }
}
