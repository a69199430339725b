using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Tests.Reporting;

/// <summary>Writes one incident's history event by event, for hand-computed report fixtures.</summary>
internal sealed class ReportStory
{
    public static readonly TenantId Tenant = new("acme");
    public static readonly UserId Alice = new("alice");
    public static readonly UserId Bob = new("bob");

    private readonly List<IncidentEvent> _events = [];

    private ReportStory(IncidentId id, TenantId tenant)
    {
        Id = id;
        TenantId = tenant;
    }

    public IncidentId Id { get; }

    public TenantId TenantId { get; }

    public IReadOnlyList<IncidentEvent> Events => _events;

    public IncidentHistory History => new(TenantId, Id, _events.Count, 0, [.. _events]);

    public static ReportStory Open(Instant at, int priority = 2, string? category = "Network", string? service = "api", string? team = "ops",
        bool exercise = false, TenantId? tenant = null)
    {
        var story = new ReportStory(IncidentId.New(), tenant ?? Tenant);
        story._events.Add(new IncidentOpened(Guid.NewGuid(), at, Alice)
        {
            Incident = story.Id,
            Tenant = story.TenantId,
            Title = "Incident",
            Impact = Impact.High,
            Urgency = Urgency.High,
            Priority = new Priority(priority),
            Category = category is null ? null : new CategoryPath(category),
            AssignmentGroup = team,
            Service = service,
            Source = "test",
            IsExercise = exercise,
        });
        return story;
    }

    public ReportStory Ack(Instant at, UserId? by = null) => Add(new IncidentAcknowledged(Guid.NewGuid(), at, by ?? Alice));

    public ReportStory StartWork(Instant at, UserId? by = null) => Add(new WorkStarted(Guid.NewGuid(), at, by ?? Alice));

    public ReportStory Hold(Instant at) => Add(new IncidentPutOnHold(Guid.NewGuid(), at, Alice, "vendor"));

    public ReportStory Resume(Instant at) => Add(new IncidentResumed(Guid.NewGuid(), at, Alice));

    public ReportStory Resolve(Instant at) => Add(new IncidentResolved(Guid.NewGuid(), at, Alice, "fixed", "done"));

    public ReportStory Reopen(Instant at) => Add(new IncidentReopened(Guid.NewGuid(), at, Alice, "again"));

    public ReportStory Cancel(Instant at) => Add(new IncidentCancelled(Guid.NewGuid(), at, Alice, "duplicate"));

    public ReportStory Close(Instant at) => Add(new IncidentClosed(Guid.NewGuid(), at, Alice));

    public ReportStory Reprioritise(Instant at, int priority) =>
        Add(new PriorityChanged(Guid.NewGuid(), at, Alice, Impact.High, Urgency.High, new Priority(priority), "raise", true));

    public ReportStory Alert(Instant at, Instant? startsAt, string key = "a1") =>
        Add(new AlertLinked(Guid.NewGuid(), at, UserId.System, key, "prometheus") { AlertStartsAt = startsAt });

    public ReportStory Page(Instant at, int level, params UserId[] people) =>
        Add(new EscalationStepFired(Guid.NewGuid(), at, UserId.System)
        {
            Level = level,
            Round = 1,
            Kind = EscalationKind.Functional,
            Trigger = EscalationTrigger.Timeout,
            DueAt = at,
            Targets = [],
            Recipients = people,
            UnresolvedTargets = [],
            MissedSteps = 0,
        });

    public ReportStory Escalate(Instant at) => Add(new IncidentEscalated(Guid.NewGuid(), at, Alice, EscalationKind.Hierarchical, "help", "mgmt"));

    public ReportStory Met(SlaTargetKind kind, Instant at, int cycle = 1) => Add(new SlaMet(Guid.NewGuid(), at, UserId.System, kind, cycle, at));

    public ReportStory Breached(SlaTargetKind kind, Instant at, int cycle = 1) => Add(new SlaBreached(Guid.NewGuid(), at, UserId.System, kind, cycle, at));

    public ReportStory Note(Instant at) => Add(new WorkNoteAdded(Guid.NewGuid(), at, Alice, "note"));

    private ReportStory Add(IncidentEvent e)
    {
        _events.Add(e);
        return this;
    }
}
