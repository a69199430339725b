using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Runbooks;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Reporting;

// One incident's history as the metrics see it. What the incident itself knows (id, title, priority, category, team, service,
// whether it is resolved now, closure, reopenings, manual escalations) comes from the incident's own fold, Incident.FromHistory,
// so there is one definition of it; this pass adds only what the incident does not keep: when the alert started, who
// acknowledged first, the first resolution, the holds as intervals, the pages and the SLA outcomes.
// Reused across incidents (Reset), so that a report over many streams allocates per incident only what the incident keeps: the
// incident itself is replayed into one reused instance (Incident.ReplayAgain, equal field for field to FromHistory's).
internal sealed class IncidentFold
{
    private readonly Incident _replayed = Incident.ForReplay();
    private readonly List<Interval> _holds = [];
    private readonly List<Page> _pages = [];
    private readonly Dictionary<(SlaTargetKind Kind, int Cycle), bool> _sla = [];
    private Incident? _incident;
    private Instant? _holdStart;
    private int _cycle;
    private bool _runbookAttached;

    private Incident Incident => _incident ?? throw new InvalidOperationException("Nothing has been folded yet.");

    public IncidentId Id => Incident.Id;

    public string Title => Incident.Title;

    public bool IsExercise => Incident.IsExercise;

    public Priority Priority => Incident.Priority;

    public CategoryPath? Category => Incident.Category;

    public string? Service => Incident.Service;

    public string? Team => Incident.AssignmentGroup;

    public Instant OpenedAt => Incident.OpenedAt;

    public Instant? AlertStartedAt { get; private set; }

    public Instant? FirstAcknowledgedAt { get; private set; }

    public UserId? FirstAcknowledgedBy { get; private set; }

    public Instant? FirstResolvedAt { get; private set; }

    // The last resolution while the incident is resolved (or closed after it); null once reopened, and for a cancelled one.
    public Instant? ResolvedAt => Incident.ResolvedAt;

    public Instant? CancelledAt => Incident.State == IncidentState.Cancelled ? Incident.ClosedAt : null;

    public Instant? ClosedAt => Incident.ClosedAt;

    public int ReopenCount => Incident.ReopenCount;

    public int EscalationDepth { get; private set; }

    public int ManualEscalations => Incident.EscalationCount;

    public int EventCount { get; private set; }

    public List<Interval> Holds => _holds;

    public List<Page> Pages => _pages;

    public Dictionary<(SlaTargetKind Kind, int Cycle), bool> SlaOutcomes => _sla;

    // The runbook attached last and its step timings, read only for the few histories that attached one.
    public RunbookProgress? Runbook { get; private set; }

    // Returns false when the events do not start with IncidentOpened; throws ArgumentException (from the incident's fold) when
    // another IncidentOpened follows.
    public bool Fold(IReadOnlyList<IncidentEvent> events)
    {
        Reset();
        if (events.Count == 0 || events[0] is not IncidentOpened)
        {
            return false;
        }

        _replayed.ReplayAgain(events);
        _incident = _replayed;
        for (var i = 0; i < events.Count; i++)
        {
            Apply(events[i]);
        }

        EventCount = events.Count;
        Runbook = _runbookAttached ? RunbookProgress.Of(events) : null;
        if (_holdStart is { } open && ResolvedAt is { } r && r > open)
        {
            // A hold still running when the history ends (or when it was resolved from hold) stops at the last resolution.
            _holds.Add(new Interval(open, r));
        }

        return true;
    }

    private void Reset()
    {
        _holds.Clear();
        _pages.Clear();
        _sla.Clear();
        _incident = null;
        _holdStart = null;
        _cycle = 0;
        _runbookAttached = false;
        Runbook = null;
        AlertStartedAt = null;
        FirstAcknowledgedAt = null;
        FirstAcknowledgedBy = null;
        FirstResolvedAt = null;
        EscalationDepth = 0;
        EventCount = 0;
    }

    private void Apply(IncidentEvent e)
    {
        switch (e)
        {
            case WorkNoteAdded:
                // The commonest event, which this pass ignores: tested first rather than after every other case.
                break;
            case AlertLinked a:
                // Only an alert that had started by the opening started the incident; later ones joined it.
                if (a.AlertStartsAt is { } s && s <= OpenedAt && (AlertStartedAt is not { } earliest || s < earliest))
                {
                    AlertStartedAt = s;
                }

                break;
            case IncidentAcknowledged or WorkStarted:
                // Unlike the incident's response clock, a resolution without an acknowledgement is no acknowledgement here.
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
                break;
            case IncidentReopened:
                _cycle++;
                break;
            case IncidentCancelled:
                EndHold(e.At);
                break;
            case EscalationStepFired f:
                EscalationDepth = Math.Max(EscalationDepth, f.Level);
                for (var i = 0; i < f.Recipients.Count; i++)
                {
                    _pages.Add(new Page(f.Recipients[i], f.At, _cycle));
                }

                break;
            case SlaMet m:
                _sla.TryAdd((m.Target, m.Cycle), true);
                break;
            case SlaBreached b:
                // A breach outweighs a later "met" of the same clock: the target was missed.
                _sla[(b.Target, b.Cycle)] = false;
                break;
            case RunbookAttached:
                _runbookAttached = true;
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
