using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Reporting;

// One pass over one incident's events that keeps what the metrics need: the clock instants, holds, SLA outcomes and pages.
// Reused across incidents (Reset), so that a report over many streams allocates per incident only what it keeps.
internal sealed class IncidentFold
{
    private readonly List<Interval> _holds = [];
    private readonly List<Page> _pages = [];
    private readonly Dictionary<(SlaTargetKind Kind, int Cycle), bool> _sla = [];
    private Instant? _holdStart;
    private int _cycle;

    public IncidentId Id { get; private set; }

    public string Title { get; private set; } = "";

    public bool IsExercise { get; private set; }

    public Priority Priority { get; private set; }

    public CategoryPath? Category { get; private set; }

    public string? Service { get; private set; }

    public string? Team { get; private set; }

    public Instant OpenedAt { get; private set; }

    public Instant? AlertStartedAt { get; private set; }

    public Instant? FirstAcknowledgedAt { get; private set; }

    public UserId? FirstAcknowledgedBy { get; private set; }

    public Instant? FirstResolvedAt { get; private set; }

    public Instant? LastResolvedAt { get; private set; }

    public bool IsResolved { get; private set; }

    public Instant? CancelledAt { get; private set; }

    public Instant? ClosedAt { get; private set; }

    public int ReopenCount { get; private set; }

    public int EscalationDepth { get; private set; }

    public int ManualEscalations { get; private set; }

    public int EventCount { get; private set; }

    public List<Interval> Holds => _holds;

    public List<Page> Pages => _pages;

    public Dictionary<(SlaTargetKind Kind, int Cycle), bool> SlaOutcomes => _sla;

    public bool Fold(IReadOnlyList<IncidentEvent> events)
    {
        Reset();
        if (events.Count == 0 || events[0] is not IncidentOpened)
        {
            return false;
        }

        for (var i = 0; i < events.Count; i++)
        {
            Apply(events[i]);
        }

        EventCount = events.Count;
        if (_holdStart is { } open)
        {
            // A hold still running when the history ends (or when it was resolved from hold) stops at the last resolution.
            if (LastResolvedAt is { } r && IsResolved && r > open)
            {
                _holds.Add(new Interval(open, r));
            }
        }

        return true;
    }

    private void Reset()
    {
        _holds.Clear();
        _pages.Clear();
        _sla.Clear();
        _holdStart = null;
        _cycle = 0;
        Id = default;
        Title = "";
        IsExercise = false;
        Priority = default;
        Category = null;
        Service = null;
        Team = null;
        OpenedAt = default;
        AlertStartedAt = null;
        FirstAcknowledgedAt = null;
        FirstAcknowledgedBy = null;
        FirstResolvedAt = null;
        LastResolvedAt = null;
        IsResolved = false;
        CancelledAt = null;
        ClosedAt = null;
        ReopenCount = 0;
        EscalationDepth = 0;
        ManualEscalations = 0;
        EventCount = 0;
    }

    private void Apply(IncidentEvent e)
    {
        switch (e)
        {
            case IncidentOpened o:
                Id = o.Incident;
                Title = o.Title;
                IsExercise = o.IsExercise;
                Priority = o.Priority;
                Category = o.Category;
                Service = o.Service;
                Team = o.AssignmentGroup;
                OpenedAt = o.At;
                break;
            case AlertLinked a:
                // Only an alert that had started by the opening started the incident; later ones joined it.
                if (a.AlertStartsAt is { } s && s <= OpenedAt && (AlertStartedAt is not { } earliest || s < earliest))
                {
                    AlertStartedAt = s;
                }

                break;
            case IncidentAcknowledged or WorkStarted:
                if (FirstAcknowledgedAt is null)
                {
                    FirstAcknowledgedAt = e.At;
                    FirstAcknowledgedBy = e.Actor;
                }

                AcknowledgePages(e.Actor);
                break;
            case IncidentPutOnHold:
                _holdStart ??= e.At;
                break;
            case IncidentResumed:
                EndHold(e.At);
                break;
            case IncidentResolved:
                EndHold(e.At);
                FirstResolvedAt ??= e.At;
                LastResolvedAt = e.At;
                IsResolved = true;
                break;
            case IncidentReopened:
                ReopenCount++;
                IsResolved = false;
                _cycle++;
                break;
            case IncidentClosed:
                ClosedAt = e.At;
                break;
            case IncidentCancelled:
                EndHold(e.At);
                CancelledAt = e.At;
                ClosedAt = e.At;
                break;
            case PriorityChanged p:
                Priority = p.Priority;
                break;
            case IncidentRecategorised r:
                Category = r.Category;
                Team = r.AssignmentGroup;
                break;
            case IncidentAssigned a:
                Team = a.AssignmentGroup;
                break;
            case EscalationStepFired f:
                EscalationDepth = Math.Max(EscalationDepth, f.Level);
                for (var i = 0; i < f.Recipients.Count; i++)
                {
                    _pages.Add(new Page(f.Recipients[i], f.At, _cycle));
                }

                break;
            case IncidentEscalated:
                ManualEscalations++;
                break;
            case SlaMet m:
                _sla.TryAdd((m.Target, m.Cycle), true);
                break;
            case SlaBreached b:
                // A breach outweighs a later "met" of the same clock: the target was missed.
                _sla[(b.Target, b.Cycle)] = false;
                break;
            default:
                break;
        }
    }

    private void EndHold(Instant at)
    {
        if (_holdStart is { } start)
        {
            if (at > start)
            {
                _holds.Add(new Interval(start, at));
            }

            _holdStart = null;
        }
    }

    // A page counts as acknowledged when the person it reached acknowledges (or starts work on) the incident afterwards, before
    // the incident is reopened.
    private void AcknowledgePages(UserId actor)
    {
        for (var i = _pages.Count - 1; i >= 0; i--)
        {
            var page = _pages[i];
            if (page.Cycle != _cycle)
            {
                break;
            }

            if (page.Person == actor && !page.Acknowledged)
            {
                _pages[i] = page with { Acknowledged = true };
            }
        }
    }

    internal readonly record struct Page(UserId Person, Instant At, int Cycle, bool Acknowledged = false);
}
