using System.Text.Json;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Tests.Storage;

/// <summary>The events that had long positional records (<see cref="IncidentOpened"/>, <see cref="EscalationStepFired"/>,
/// <see cref="EvidenceAdded"/>, <see cref="EscalationStarted"/>, <see cref="EscalationStepSkipped"/>) now take init properties;
/// the JSON their positional records wrote (captured from main before the change, below) must read and write back byte for byte,
/// since stores hash each event's JSON into the incident's chain.</summary>
public sealed class EventShapeCompatibilityTests
{
    private static readonly Guid Id = Guid.Parse("0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b");
    private static readonly Guid Cause = Guid.Parse("0190f0e4-5c00-7b3e-8f55-1f1b8d7c1a2c");
    private static readonly Instant At = Instant.FromUtc(2026, 6, 15, 14, 0) + Duration.FromNanoseconds(123_456_789);

    // Written by IncidentEventSerializer from the positional records (commit cbad41b), one event per line.
    private static readonly string[] StoredBeforeTheChange =
    [
        """{"type":"opened","incident":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","tenant":"acme","title":"DB down","description":"details","impact":1,"urgency":3,"priority":3,"category":"Hardware/Server/Disk","assignmentGroup":"dba","service":"orders-db","source":"monitoring","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"alice"}""",
        """{"type":"opened","incident":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","tenant":"acme","title":"DB down","impact":4,"urgency":5,"priority":9,"isExercise":true,"eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"alice"}""",
        """{"type":"escalation-step-fired","level":2,"round":1,"kind":"Hierarchical","trigger":"SlaBreach","dueAt":"2026-06-15T13:57:00.123456789Z","targets":[{"kind":"User","value":"bob"},{"kind":"Schedule","value":"dba-primary"}],"recipients":["bob"],"unresolvedTargets":[{"kind":"Schedule","value":"dba-primary"}],"missedSteps":1,"causeEventId":"0190f0e4-5c00-7b3e-8f55-1f1b8d7c1a2c","reason":"breached","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"system:incidentkit"}""",
        """{"type":"escalation-step-fired","level":1,"round":1,"kind":"Functional","trigger":"Timeout","dueAt":"2026-06-15T14:00:00.123456789Z","targets":[],"recipients":[],"unresolvedTargets":[],"missedSteps":0,"eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"system:incidentkit"}""",
        """{"type":"evidence-added","evidenceId":"e1","title":"Grafana","url":"https://grafana.example/d/1","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"alice"}""",
        """{"type":"evidence-added","evidenceId":"e2","title":"Heap dump","fileName":"heap.txt","contentType":"text/plain","size":1234,"sha256":"ab12","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"alice"}""",
        """{"type":"escalation-started","policy":{"policyId":"db","policyVersion":1,"name":"Database","levels":[{"targets":[{"kind":"User","value":"alice"}],"delay":"0:00:05:00","kind":"Functional","allowZeroDelay":false},{"targets":[{"kind":"Schedule","value":"dba-primary"}],"delay":"0:00:10:00","kind":"Hierarchical","allowZeroDelay":false}],"repeat":{"count":0,"fromLevel":1,"isForever":false},"fallback":[]},"startLevel":1,"trigger":"Started","ruleName":"default","hierarchicalLevel":2,"eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"system:incidentkit"}""",
        """{"type":"escalation-started","policy":{"policyId":"db","policyVersion":1,"name":"Database","levels":[{"targets":[{"kind":"User","value":"alice"}],"delay":"0:00:05:00","kind":"Functional","allowZeroDelay":false},{"targets":[{"kind":"Schedule","value":"dba-primary"}],"delay":"0:00:10:00","kind":"Hierarchical","allowZeroDelay":false}],"repeat":{"count":0,"fromLevel":1,"isForever":false},"fallback":[]},"startLevel":2,"trigger":"PriorityRaised","ruleName":"p1","causeEventId":"0190f0e4-5c00-7b3e-8f55-1f1b8d7c1a2c","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"system:incidentkit"}""",
        """{"type":"escalation-step-skipped","level":3,"round":1,"trigger":"SlaBreach","dueAt":"2026-06-15T14:00:00.123456789Z","causeEventId":"0190f0e4-5c00-7b3e-8f55-1f1b8d7c1a2c","reason":"already paged","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"system:incidentkit"}""",
        """{"type":"escalation-step-skipped","level":2,"round":2,"trigger":"Timeout","dueAt":"2026-06-15T14:00:00.123456789Z","reason":"already paged","eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00.123456789Z","actor":"system:incidentkit"}""",
    ];

    public static TheoryData<int> Indexes() => [.. Enumerable.Range(0, StoredBeforeTheChange.Length)];

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Serialize_EventStoredInThePositionalShape_WritesTheSameBytesBack(int index)
    {
        var json = StoredBeforeTheChange[index];

        var read = IncidentEventSerializer.Deserialize(json);

        Assert.Equal(json, IncidentEventSerializer.Serialize(read));
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(json), IncidentEventSerializer.SerializeToUtf8Bytes(read));
    }

    [Fact]
    public void Serialize_EventsBuiltWithInitProperties_WriteWhatThePositionalRecordsWrote()
    {
        var policy = new EscalationPolicyBuilder("db", "Database").AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(new UserId("alice")))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(10), EscalationTarget.Schedule("dba-primary")).Build();
        var incident = new IncidentId(Guid.Parse("6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b"));
        var alice = new UserId("alice");
        IncidentEvent[] built =
        [
            new IncidentOpened(Id, At, alice)
            {
                Incident = incident, Tenant = new TenantId("acme"), Title = "DB down", Description = "details", Impact = Impact.High, Urgency = Urgency.Low,
                Priority = Priority.P3, Category = new CategoryPath("Hardware/Server/Disk"), AssignmentGroup = "dba", Service = "orders-db", Source = "monitoring",
            },
            new IncidentOpened(Id, At, alice)
            {
                Incident = incident, Tenant = new TenantId("acme"), Title = "DB down", Impact = new Impact(4), Urgency = new Urgency(5), Priority = new Priority(9), IsExercise = true,
            },
            new EscalationStepFired(Id, At, UserId.System)
            {
                Level = 2, Round = 1, Kind = EscalationKind.Hierarchical, Trigger = EscalationTrigger.SlaBreach, DueAt = At - Duration.FromMinutes(3),
                Targets = [EscalationTarget.User(new UserId("bob")), EscalationTarget.Schedule("dba-primary")], Recipients = [new UserId("bob")],
                UnresolvedTargets = [EscalationTarget.Schedule("dba-primary")], MissedSteps = 1, CauseEventId = Cause, Reason = "breached",
            },
            new EscalationStepFired(Id, At, UserId.System)
            {
                Level = 1, Round = 1, Kind = EscalationKind.Functional, Trigger = EscalationTrigger.Timeout, DueAt = At, Targets = [], Recipients = [], UnresolvedTargets = [],
            },
            new EvidenceAdded(Id, At, alice) { EvidenceId = "e1", Title = "Grafana", Url = new Uri("https://grafana.example/d/1") },
            new EvidenceAdded(Id, At, alice) { EvidenceId = "e2", Title = "Heap dump", FileName = "heap.txt", ContentType = "text/plain", Size = 1234, Sha256 = "ab12" },
            new EscalationStarted(Id, At, UserId.System) { Policy = policy.ToSnapshot(), StartLevel = 1, Trigger = EscalationTrigger.Started, RuleName = "default", HierarchicalLevel = 2 },
            new EscalationStarted(Id, At, UserId.System) { Policy = policy.ToSnapshot(), StartLevel = 2, Trigger = EscalationTrigger.PriorityRaised, RuleName = "p1", CauseEventId = Cause },
            new EscalationStepSkipped(Id, At, UserId.System) { Level = 3, Round = 1, Trigger = EscalationTrigger.SlaBreach, DueAt = At, CauseEventId = Cause, Reason = "already paged" },
            new EscalationStepSkipped(Id, At, UserId.System) { Level = 2, Round = 2, Trigger = EscalationTrigger.Timeout, DueAt = At, Reason = "already paged" },
        ];

        Assert.Equal(StoredBeforeTheChange, built.Select(IncidentEventSerializer.Serialize));
    }

    [Fact]
    public void Deserialize_OpenedEventStoredInThePositionalShape_ReadsEveryField()
    {
        var opened = Assert.IsType<IncidentOpened>(IncidentEventSerializer.Deserialize(StoredBeforeTheChange[0]));

        Assert.Equal((Id, At, new UserId("alice")), (opened.EventId, opened.At, opened.Actor));
        Assert.Equal(("acme", "DB down", "details", Priority.P3, "dba", "orders-db", "monitoring", false),
            (opened.Tenant.Value, opened.Title, opened.Description, opened.Priority, opened.AssignmentGroup, opened.Service, opened.Source, opened.IsExercise));
        Assert.Equal(new CategoryPath("Hardware/Server/Disk"), opened.Category);
    }

    [Theory]
    [InlineData("""{"type":"opened","incident":"6d2c8d1e-7b0a-4a3e-9f55-0f1b8d7c1a2b","tenant":"acme","impact":1,"urgency":3,"priority":3,"eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"alice"}""", "title")]
    [InlineData("""{"type":"escalation-step-fired","level":2,"round":1,"kind":"Hierarchical","trigger":"SlaBreach","dueAt":"2026-06-15T13:57:00Z","recipients":[],"unresolvedTargets":[],"missedSteps":1,"eventId":"0190f0e4-5c00-7a3e-9f55-0f1b8d7c1a2b","at":"2026-06-15T14:00:00Z","actor":"system:incidentkit"}""", "targets")]
    public void Deserialize_RequiredFieldMissing_ThrowsJsonExceptionNamingIt(string json, string field)
    {
        var ex = Assert.Throws<JsonException>(() => IncidentEventSerializer.Deserialize(json));

        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }
}
