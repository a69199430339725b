using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Sla;

/// <summary>How a clock cycle ended.</summary>
internal enum CycleEnd : byte
{
    Running = 0,

    /// <summary>The stop event happened (acknowledged / resolved); a met or a breach.</summary>
    Stopped = 1,

    /// <summary>A new cycle began (a status update): the old one neither meets nor breaches any more.</summary>
    Superseded = 2,

    Cancelled = 3,
}

/// <summary>One clock of a target: from a start to a stop, a supersession or a cancellation (or still running).</summary>
internal readonly record struct ClockCycle(int Number, Instant Start, Instant End, CycleEnd Reason)
{
    public bool IsRunning => Reason == CycleEnd.Running;
}

/// <summary>The facts of an incident's history the SLA fold needs, gathered in one pass; independent of any policy.</summary>
/// <remarks>The policy only chooses targets, calendars and pausing states: cycles and state runs are the same whatever
/// the policy, so a priority change or recategorisation re-reads the same timeline with another target.</remarks>
internal sealed class SlaTimeline
{
    private readonly List<(Instant At, IncidentState State)> _states = new(8);
    private readonly List<ClockCycle> _response = new(1);
    private readonly List<ClockCycle> _resolution = new(2);
    private readonly List<ClockCycle> _update = new(2);
    private static readonly Interval[] NoPauses = [];
    private RecordedSlaEvents _recorded;

    private SlaTimeline()
    {
    }

    public Instant OpenedAt { get; private set; }

    public TenantId Tenant { get; private set; }

    public Priority Priority { get; private set; }

    public CategoryPath? Category { get; private set; }

    public IncidentState State => _states[^1].State;

    public static SlaTimeline Read(IReadOnlyList<IncidentEvent> events, Func<IncidentEvent, bool>? isStatusUpdate)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0] is not IncidentOpened opened)
        {
            throw new ArgumentException($"An incident's stream starts with {nameof(IncidentOpened)}.", nameof(events));
        }

        var t = new SlaTimeline
        {
            OpenedAt = opened.At,
            Tenant = opened.Tenant,
            Priority = opened.Priority,
            Category = opened.Category,
        };
        t._states.Add((opened.At, IncidentState.New));
        Instant start = opened.At;
        Instant resolutionStart = opened.At, updateStart = opened.At;
        bool responseRunning = true, resolutionRunning = true, updateRunning = true;
        int resolutionCycle = 1, updateCycle = 1;
        for (int i = 1; i < events.Count; i++)
        {
            var e = events[i];
            Instant at = e.At;
            IncidentState state = t.State;
            IncidentState next = IncidentLifecycle.After(state, e);
            bool responds = e is IncidentAcknowledged or WorkStarted or IncidentResolved;
            switch (e)
            {
                case PriorityChanged p:
                    t.Priority = p.Priority;
                    break;
                case IncidentRecategorised r:
                    t.Category = r.Category;
                    break;
                default:
                    t._recorded.Note(e);
                    break;
            }

            bool isOpen = IncidentLifecycle.IsOpen(state);
            if (isStatusUpdate is null ? e is IStatusUpdateEvent : isStatusUpdate(e))
            {
                if (isOpen && updateRunning)
                {
                    t._update.Add(new ClockCycle(updateCycle++, updateStart, at, CycleEnd.Superseded));
                    updateStart = at;
                }
            }

            if (next == state)
            {
                continue;
            }

            t._states.Add((at, next));
            if (responds && responseRunning)
            {
                responseRunning = false;
                t._response.Add(new ClockCycle(1, start, at, CycleEnd.Stopped));
            }

            if (next == IncidentState.Cancelled)
            {
                if (responseRunning)
                {
                    responseRunning = false;
                    t._response.Add(new ClockCycle(1, start, at, CycleEnd.Cancelled));
                }

                if (resolutionRunning)
                {
                    resolutionRunning = false;
                    t._resolution.Add(new ClockCycle(resolutionCycle, resolutionStart, at, CycleEnd.Cancelled));
                }

                if (updateRunning)
                {
                    updateRunning = false;
                    t._update.Add(new ClockCycle(updateCycle, updateStart, at, CycleEnd.Cancelled));
                }
            }
            else if (next == IncidentState.Resolved && resolutionRunning)
            {
                resolutionRunning = false;
                t._resolution.Add(new ClockCycle(resolutionCycle++, resolutionStart, at, CycleEnd.Stopped));
                if (updateRunning)
                {
                    updateRunning = false;
                    t._update.Add(new ClockCycle(updateCycle++, updateStart, at, CycleEnd.Stopped));
                }
            }
            else if (state == IncidentState.Resolved && next == IncidentState.InProgress)
            {
                resolutionRunning = true;
                resolutionStart = at;
                updateRunning = true;
                updateStart = at;
            }
        }

        if (responseRunning)
        {
            t._response.Add(new ClockCycle(1, start, default, CycleEnd.Running));
        }

        if (resolutionRunning)
        {
            t._resolution.Add(new ClockCycle(resolutionCycle, resolutionStart, default, CycleEnd.Running));
        }

        if (updateRunning)
        {
            t._update.Add(new ClockCycle(updateCycle, updateStart, default, CycleEnd.Running));
        }

        return t;
    }

    /// <summary>Gets the SLA events the history records, collected in the same pass as the cycles.</summary>
    public RecordedSlaEvents Recorded => _recorded;

    /// <summary>Returns the cycles of a target, oldest first; never empty.</summary>
    public IReadOnlyList<ClockCycle> Cycles(SlaTargetKind kind, SlaReopenMode reopenMode)
    {
        switch (kind)
        {
            case SlaTargetKind.Response:
                return _response;
            case SlaTargetKind.Update:
                return _update;
            default:
                if (reopenMode == SlaReopenMode.Restart || _resolution.Count == 1)
                {
                    return _resolution;
                }

                // Continue: one clock from the opening; the time spent resolved before each reopen is a pause (see Pauses).
                var last = _resolution[^1];
                return [new ClockCycle(1, OpenedAt, last.End, last.Reason)];
        }
    }

    /// <summary>Returns the intervals spent in pausing states (an ongoing one is open), with resolved spells for a continued resolution clock.</summary>
    public IReadOnlyList<Interval> Pauses(SlaPolicy policy, int kind)
    {
        bool resolvedPauses = kind == (int)SlaTargetKind.Resolution && policy.ReopenMode == SlaReopenMode.Continue;
        if (!resolvedPauses && !policy.PausesAtAll(kind))
        {
            return NoPauses;
        }

        // The final resolved spell is where the continued clock stops, not a pause: only spells a reopen ended count.
        int finalResolved = _states.Count;
        while (resolvedPauses && finalResolved > 0 && _states[finalResolved - 1].State is IncidentState.Resolved or IncidentState.Closed)
        {
            finalResolved--;
        }

        var pauses = new List<Interval>(4);
        Instant? pauseStart = null;
        for (int i = 0; i < _states.Count; i++)
        {
            var (at, state) = _states[i];
            bool pausing = policy.Pauses(kind, state)
                || (resolvedPauses && i < finalResolved && state is IncidentState.Resolved or IncidentState.Closed);
            if (pausing && pauseStart is null)
            {
                pauseStart = at;
            }
            else if (!pausing && pauseStart is { } s)
            {
                pauses.Add(new Interval(s, at));
                pauseStart = null;
            }
        }

        if (pauseStart is { } open)
        {
            pauses.Add(new Interval(open, null));
        }

        return pauses;
    }
}
