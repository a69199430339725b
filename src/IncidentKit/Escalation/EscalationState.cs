using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Represents where an incident's escalation stands: a fold over its events that the engine decides from.</summary>
/// <remarks>
/// <para>All escalation state lives in the incident's events (<see cref="EscalationStarted"/>, <see cref="EscalationStepFired"/>, and the
/// acknowledgements, SLA events, manual escalations and priority changes they react to), so a host that restarts rebuilds this
/// fold with <see cref="FromEvents"/> and the engine fires nothing twice. A worker may also keep one state per open incident and
/// <see cref="Apply"/> new events as they are stored: <see cref="NextDueAt"/> is then an O(1) read for its due-work table.</para>
/// <para>The timeout walk: after <see cref="EscalationStarted"/> the starting level is due at the opening (at the reopen for a
/// reopen's new cycle); after each walk step at level L the next level (L's jump, else L+1, else the repeat's first level in a new
/// round) is due L's delay after the step was <em>due</em>, so the schedule does not drift when a host runs late. Acknowledging
/// (or starting work) stops the walk; resolving, closing or cancelling ends everything; reopening starts a new cycle that walks
/// until the reopened incident is acknowledged. A step that would notify a level a second time at the same instant (a zero-delay
/// loop) ends the walk instead; a walk step reaching a level already paged in the cycle is skipped (<see cref="EscalationStepSkipped"/>)
/// and the walk moves on.</para>
/// <para>Triggers (an SLA warning at or above <see cref="EscalationOptions.SlaWarningPercent"/> or breach, the first per SLA target and
/// only while unacknowledged unless <see cref="EscalationOptions.SlaPagesAfterAcknowledgement"/>; a manual escalation; a priority
/// raise) wait as pending until a step, a skip or a new start naming them as its cause is recorded. A trigger step that lands further
/// along the walk than the current level moves the walk there, except the "notify management at once" step of a matrix rule,
/// which leaves the walk where it starts.</para>
/// </remarks>
/// <threadsafety>Instances are mutable and not thread-safe; the engine never changes the instance it is given.</threadsafety>
public sealed class EscalationState
{
    private readonly int _slaWarningPercent;
    private readonly bool _slaPagesAfterAcknowledgement;
    private List<PendingTrigger>? _pending;
    private bool _opened;
    private Instant _openedAt;
    private bool _ended;
    private bool _restartPending;
    private Instant _restartAt;
    private int _curIndex = -1;
    private int _curRound;
    private Instant _curDue;
    private bool _hasNext;
    private int _nextIndex;
    private int _nextRound;
    private Instant _nextDue;
    private ulong _firedMask;
    private Instant _maskDue;
    private bool _startStepForced;
    private EscalationTrigger _startTrigger;
    private int _startIndex;
    private int _slaWarned;
    private int _slaBreached;
    private ulong _pagedMask;
    private int _pagedRound;
    private TenantId _tenant;
    private IncidentId _incident;
    private CategoryPath? _category;
    private string? _service;
    private string? _assignmentGroup;
    private UserId? _assignee;

    /// <summary>Initializes an empty state (no events folded yet).</summary>
    /// <param name="options">The options to fold by; <see langword="null"/> takes <see cref="EscalationOptions.Default"/>.</param>
    public EscalationState(EscalationOptions? options = null)
    {
        var o = options ?? EscalationOptions.Default;
        _slaWarningPercent = o.SlaWarningPercent;
        _slaPagesAfterAcknowledgement = o.SlaPagesAfterAcknowledgement;
    }

    private EscalationState(EscalationState other)
    {
        _slaWarningPercent = other._slaWarningPercent;
        _slaPagesAfterAcknowledgement = other._slaPagesAfterAcknowledgement;
        _pagedMask = other._pagedMask;
        _pagedRound = other._pagedRound;
        _pending = other._pending is null ? null : [.. other._pending];
        _opened = other._opened;
        _openedAt = other._openedAt;
        _ended = other._ended;
        _restartPending = other._restartPending;
        _restartAt = other._restartAt;
        _curIndex = other._curIndex;
        _curRound = other._curRound;
        _curDue = other._curDue;
        _hasNext = other._hasNext;
        _nextIndex = other._nextIndex;
        _nextRound = other._nextRound;
        _nextDue = other._nextDue;
        _firedMask = other._firedMask;
        _maskDue = other._maskDue;
        _startStepForced = other._startStepForced;
        _startTrigger = other._startTrigger;
        _startIndex = other._startIndex;
        _slaWarned = other._slaWarned;
        _slaBreached = other._slaBreached;
        _tenant = other._tenant;
        _incident = other._incident;
        _category = other._category;
        _service = other._service;
        _assignmentGroup = other._assignmentGroup;
        _assignee = other._assignee;
        Priority = other.Priority;
        IsAcknowledged = other.IsAcknowledged;
        Policy = other.Policy;
        Version = other.Version;
    }

    /// <summary>Gets the number of events folded; a decision made from this state is for an incident at this version.</summary>
    public long Version { get; private set; }

    /// <summary>Gets the incident's priority now.</summary>
    public Priority Priority { get; private set; }

    /// <summary>Gets whether the incident is open (logged, and not resolved, closed or cancelled).</summary>
    public bool IsOpen => _opened && !_ended;

    /// <summary>Gets whether someone acknowledged the incident (or started work on it) since it was opened or last reopened: the timeout walk is stopped.</summary>
    public bool IsAcknowledged { get; private set; }

    /// <summary>Gets the snapshot of the policy in force, or <see langword="null"/> before the escalation started.</summary>
    public EscalationPolicySnapshot? Policy { get; private set; }

    /// <summary>Gets the level (1-based) the walk last notified, or <see langword="null"/> when no walk step fired since the escalation (re)started.</summary>
    public int? CurrentLevel => _curIndex >= 0 ? _curIndex + 1 : null;

    /// <summary>Gets the round (1-based) the walk is in.</summary>
    public int Round => _curRound + 1;

    /// <summary>Gets when the next timeout step is due, or <see langword="null"/> when the walk is stopped, exhausted or not started.</summary>
    public Instant? NextTimeoutAt => IsWalkActive ? _nextDue : null;

    /// <summary>Gets how many triggers (SLA, manual, priority raise, management at once) wait for their step.</summary>
    public int PendingTriggerCount => _pending?.Count ?? 0;

    /// <summary>Gets whether the escalation must (re)start before anything else: the incident is open and has no snapshot, or was reopened.</summary>
    public bool NeedsStart => IsOpen && (Policy is null || _restartPending);

    /// <summary>Gets when the engine next has something to do for this incident: now or in the past when a start or a trigger waits,
    /// the next timeout otherwise, or <see langword="null"/> when nothing will fall due without a new event.</summary>
    public Instant? NextDueAt
    {
        get
        {
            if (!IsOpen)
            {
                return null;
            }

            if (Policy is null)
            {
                return _openedAt;
            }

            if (_restartPending)
            {
                return _restartAt;
            }

            Instant? due = IsWalkActive ? _nextDue : null;
            if (_pending is { Count: > 0 } pending)
            {
                foreach (var p in pending)
                {
                    due = due is { } d && d <= p.At ? d : p.At;
                }
            }

            return due;
        }
    }

    /// <summary>Gets the incident as far as resolving roles needs it.</summary>
    public EscalationSubject Subject => new(_tenant, _incident, Priority, _category, _service, _assignmentGroup, _assignee);

    internal bool IsWalkActive => Policy is not null && !_restartPending && _hasNext && !_ended && (!IsAcknowledged || _startStepForced);

    internal int CurrentIndex => _curIndex;

    internal int CurrentRoundIndex => _curRound;

    internal int StartIndex => _startIndex;

    internal int NextIndex => _nextIndex;

    internal int NextRoundIndex => _nextRound;

    internal Instant NextDue => _nextDue;

    internal EscalationTrigger StartTrigger => _startTrigger;

    internal ulong FiredMaskAt(Instant due) => due == _maskDue ? _firedMask : 0;

    /// <summary>Folds an incident's events into a state.</summary>
    /// <param name="events">The incident's events, oldest first.</param>
    /// <param name="options">The options to fold by; <see langword="null"/> takes <see cref="EscalationOptions.Default"/>.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    public static EscalationState FromEvents(IEnumerable<IncidentEvent> events, EscalationOptions? options = null)
    {
        Guard.Against.Null(events);
        var state = new EscalationState(options);
        if (events is IReadOnlyList<IncidentEvent> list)
        {
            // Indexing avoids the enumerator allocation on the hot path of folding many incidents.
            for (var i = 0; i < list.Count; i++)
            {
                state.Apply(list[i]);
            }
        }
        else
        {
            foreach (var e in events)
            {
                state.Apply(e);
            }
        }

        return state;
    }

    /// <summary>Folds one more event, the next in the incident's stream.</summary>
    /// <param name="e">The event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="e"/> is null.</exception>
    public void Apply(IncidentEvent e)
    {
        Guard.Against.Null(e);
        Version++;
        switch (e)
        {
            case IncidentOpened o:
                _opened = true;
                _openedAt = o.At;
                _tenant = o.Tenant;
                _incident = o.Incident;
                Priority = o.Priority;
                _category = o.Category;
                _service = o.Service;
                _assignmentGroup = o.AssignmentGroup;
                break;
            case IncidentAcknowledged or WorkStarted:
                IsAcknowledged = true;
                break;
            case IncidentAssigned a:
                _assignee = a.Assignee;
                _assignmentGroup = a.AssignmentGroup;
                break;
            case IncidentRecategorised r:
                _category = r.Category;
                _assignmentGroup = r.AssignmentGroup;
                break;
            case PriorityChanged p:
                var raised = p.Priority < Priority;
                var from = Priority;
                Priority = p.Priority;
                if (raised && Policy is not null && IsOpen && !_restartPending)
                {
                    AddPending(new(p.EventId, p.At, EscalationTrigger.PriorityRaised, EscalationKind.Functional, 0,
                        $"Priority raised from {from} to {p.Priority}" + (p.Reason is null ? "." : $": {p.Reason}")));
                }

                break;
            case IncidentEscalated m when IsOpen:
                AddPending(new(m.EventId, m.At, EscalationTrigger.Manual, m.Kind, 0, m.Reason, m.ToGroup));
                break;
            // Once someone answered, SLA events are for the communication plan to tell people about, not pages (unless configured).
            case SlaWarningReached w when IsOpen && w.Percent >= _slaWarningPercent && (_slaWarned & (1 << (int)w.Target)) == 0:
                _slaWarned |= 1 << (int)w.Target;
                if (!IsAcknowledged || _slaPagesAfterAcknowledgement)
                {
                    AddPending(new(w.EventId, w.At, EscalationTrigger.SlaWarning, EscalationKind.Functional, 0, $"{w.Target} SLA reached {w.Percent} % (due {w.DueAt})."));
                }

                break;
            case SlaBreached b when IsOpen && (_slaBreached & (1 << (int)b.Target)) == 0:
                _slaBreached |= 1 << (int)b.Target;
                if (!IsAcknowledged || _slaPagesAfterAcknowledgement)
                {
                    AddPending(new(b.EventId, b.At, EscalationTrigger.SlaBreach, EscalationKind.Hierarchical, 0, $"{b.Target} SLA breached (was due {b.DueAt})."));
                }

                break;
            case IncidentResolved or IncidentClosed or IncidentCancelled:
                _ended = true;
                _pending?.Clear();
                break;
            case IncidentReopened r:
                // A reopen is a fresh trigger: a new snapshot and a new cycle that walks the whole policy (with its repeats)
                // from the reopen, until someone acknowledges the reopened incident.
                _ended = false;
                IsAcknowledged = false;
                _restartPending = true;
                _restartAt = r.At;
                _slaWarned = 0;
                _slaBreached = 0;
                _pending?.Clear();
                break;
            case EscalationStarted s:
                Started(s);
                break;
            case EscalationStepFired f:
                StepFired(f);
                break;
            case EscalationStepSkipped k:
                StepSkipped(k);
                break;
        }
    }

    internal EscalationState Clone() => new(this);

    // One page per level and cycle: a cycle is one pass of the walk through the policy. It starts with a (re)start, a repeat
    // round, or a backward jump; until then a level paged once (by the walk or by any trigger) is not paged again.
    internal bool WasPagedThisCycle(int index, int round, bool walk)
    {
        if (round > _pagedRound || (walk && StartsNewPass(index, round)))
        {
            return false;
        }

        return (_pagedMask & (1UL << index)) != 0;
    }

    private bool StartsNewPass(int index, int round) => _curIndex >= 0 && round == _curRound && index <= _curIndex;

    private void MarkPaged(int index, int round, bool walk)
    {
        if (round > _pagedRound || (walk && StartsNewPass(index, round)))
        {
            _pagedMask = 0;
            _pagedRound = round;
        }

        _pagedMask |= 1UL << index;
    }

    internal bool TryPeekPending(out PendingTrigger trigger)
    {
        if (_pending is { Count: > 0 } pending)
        {
            trigger = pending[0];
            return true;
        }

        trigger = default;
        return false;
    }

    private void Started(EscalationStarted s)
    {
        Policy = s.Policy;
        _restartPending = false;
        RemovePending(s.CauseEventId);
        var count = s.Policy?.Levels?.Count ?? 0;
        _startIndex = Math.Clamp(s.StartLevel - 1, 0, Math.Max(count - 1, 0));
        _curIndex = -1;
        _curRound = 0;
        _pagedMask = 0;
        _pagedRound = 0;
        _hasNext = count > 0;
        _nextIndex = _startIndex;
        _nextRound = 0;

        // Escalation time runs from what started it, not from when a worker got round to it: from the opening, from the reopen,
        // or (a new policy after a priority raise) from the decision. A worker that was down catches up by the misfire rule.
        _nextDue = s.Trigger switch
        {
            EscalationTrigger.Started => Instant.Min(_openedAt, s.At),
            EscalationTrigger.Reopened => Instant.Min(_restartAt, s.At),
            _ => s.At,
        };
        _firedMask = 0;
        _maskDue = Instant.MinValue;
        _startTrigger = s.Trigger;
        _startStepForced = s.Trigger != EscalationTrigger.Started;
        if (s.HierarchicalLevel is { } level)
        {
            AddPending(new(s.EventId, s.At, EscalationTrigger.MatrixRule, EscalationKind.Hierarchical, level, $"Rule '{s.RuleName}' notifies management at once."));
        }
    }

    private void StepFired(EscalationStepFired f)
    {
        RemovePending(f.CauseEventId);
        if (Policy?.Levels is not { } levels || f.Level < 1 || f.Level > levels.Count)
        {
            return;
        }

        var index = f.Level - 1;
        var round = Math.Max(f.Round - 1, 0);
        MarkPaged(index, round, walk: f.CauseEventId is null);
        if (f.CauseEventId is null)
        {
            _startStepForced = false;
            MoveTo(levels, index, round, f.DueAt);
        }
        else if (f.Trigger != EscalationTrigger.MatrixRule && (_curIndex < 0 || round > _curRound || (round == _curRound && index > _curIndex)))
        {
            MoveTo(levels, index, round, f.At);
        }
    }

    private void StepSkipped(EscalationStepSkipped k)
    {
        RemovePending(k.CauseEventId);
        if (k.CauseEventId is not null || Policy?.Levels is not { } levels || k.Level < 1 || k.Level > levels.Count)
        {
            return;
        }

        // A skipped walk step moves the walk on as a fired one would, so the timeline keeps its schedule.
        var index = k.Level - 1;
        var round = Math.Max(k.Round - 1, 0);
        MarkPaged(index, round, walk: true);
        _startStepForced = false;
        MoveTo(levels, index, round, k.DueAt);
    }

    private void MoveTo(IReadOnlyList<EscalationLevel> levels, int index, int round, Instant due)
    {
        if (due == _maskDue)
        {
            _firedMask |= 1UL << index;
        }
        else
        {
            _firedMask = 1UL << index;
            _maskDue = due;
        }

        _curIndex = index;
        _curRound = round;
        _curDue = due;
        if (EscalationWalk.TryGetSuccessor(Policy!, index, round, out var next, out var nextRound))
        {
            var nextDue = due + levels[index].Delay;
            _hasNext = !(nextDue == due && (_firedMask & (1UL << next)) != 0);
            _nextIndex = next;
            _nextRound = nextRound;
            _nextDue = nextDue;
        }
        else
        {
            _hasNext = false;
        }
    }

    private void AddPending(PendingTrigger trigger) => (_pending ??= []).Add(trigger);

    private void RemovePending(Guid? cause)
    {
        if (cause is { } id && _pending is { } pending)
        {
            pending.RemoveAll(p => p.Cause == id);
        }
    }
}
