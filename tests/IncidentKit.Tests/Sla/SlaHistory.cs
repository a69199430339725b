using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Tests.Sla;

/// <summary>A test-only stakeholder update: the communication events will implement the same marker.</summary>
internal sealed record TestStatusUpdate(Guid EventId, Instant At, UserId Actor) : IncidentEvent(EventId, At, Actor), IStatusUpdateEvent;

/// <summary>Scripts an incident's event stream on literal instants, without the workflow's guards.</summary>
internal sealed class SlaHistory
{
    public static readonly UserId Agent = new("agent:alice");
    public static readonly TenantId Acme = new("acme");
    private readonly List<IncidentEvent> _events = [];

    private SlaHistory()
    {
    }

    public IReadOnlyList<IncidentEvent> Events => _events;

    public static SlaHistory Opened(Instant at, Priority priority, string? category = null, TenantId? tenant = null) =>
        new SlaHistory().Add(new IncidentOpened(Guid.NewGuid(), at, Agent)
        {
            Incident = new IncidentId(Guid.NewGuid()),
            Tenant = tenant ?? Acme,
            Title = "Checkout down",
            Impact = Impact.High,
            Urgency = Urgency.High,
            Priority = priority,
            Category = category is null ? null : new CategoryPath(category),
        });

    public SlaHistory Acknowledged(Instant at) => Add(new IncidentAcknowledged(Guid.NewGuid(), at, Agent));

    public SlaHistory WorkStarted(Instant at) => Add(new WorkStarted(Guid.NewGuid(), at, Agent));

    public SlaHistory OnHold(Instant at) => Add(new IncidentPutOnHold(Guid.NewGuid(), at, Agent, "waiting for vendor"));

    public SlaHistory Resumed(Instant at) => Add(new IncidentResumed(Guid.NewGuid(), at, Agent));

    public SlaHistory Resolved(Instant at) => Add(new IncidentResolved(Guid.NewGuid(), at, Agent, "fixed", "restarted the pool"));

    public SlaHistory Reopened(Instant at) => Add(new IncidentReopened(Guid.NewGuid(), at, Agent, "came back"));

    public SlaHistory Closed(Instant at) => Add(new IncidentClosed(Guid.NewGuid(), at, Agent));

    public SlaHistory Cancelled(Instant at) => Add(new IncidentCancelled(Guid.NewGuid(), at, Agent, "duplicate"));

    public SlaHistory PriorityChanged(Instant at, Priority priority) =>
        Add(new PriorityChanged(Guid.NewGuid(), at, Agent, Impact.High, Urgency.High, priority, "reassessed", true));

    public SlaHistory Recategorised(Instant at, string category) =>
        Add(new IncidentRecategorised(Guid.NewGuid(), at, Agent, new CategoryPath(category), null, null));

    public SlaHistory StatusUpdate(Instant at) => Add(new TestStatusUpdate(Guid.NewGuid(), at, Agent));

    public SlaHistory WorkNote(Instant at) => Add(new WorkNoteAdded(Guid.NewGuid(), at, Agent, "stakeholders told"));

    public SlaHistory Add(IncidentEvent e)
    {
        _events.Add(e);
        return this;
    }
}
