using System.Collections.Immutable;
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
/// <threadsafety>Instances are mutable and not thread-safe (<see cref="Apply"/> moves them on); the engine never changes the instance
/// it is given. Every fact the fold keeps is one immutable record, so a copy is that record, shared.</threadsafety>
public sealed class EscalationState
{
    private readonly int _slaWarningPercent;
    private readonly bool _slaPagesAfterAcknowledgement;

    // Every fact of the fold, immutable: applying an event replaces it with a changed copy (`with`), and a copy of the whole
    // state (the engine's scratch state) shares it. No copy constructor to keep in step with the fields.
    private Facts _f = Facts.Empty;

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
        _f = other._f;
    }

    /// <summary>Gets the number of events folded; a decision made from this state is for an incident at this version.</summary>
    public long Version => _f.Version;

    /// <summary>Gets the incident's priority now.</summary>
    public Priority Priority => _f.Priority;

    /// <summary>Gets whether the incident is open (logged, and not resolved, closed or cancelled).</summary>
    /// <remarks>The incident's state follows the one lifecycle rule (<see cref="IncidentLifecycle"/>), as the incident's own does.</remarks>
    public bool IsOpen => _f.Opened && IncidentLifecycle.IsOpen(_f.State);

    /// <summary>Gets whether someone acknowledged the incident (or started work on it) since it was opened or last reopened: the timeout walk is stopped.</summary>
    public bool IsAcknowledged => _f.IsAcknowledged;

    /// <summary>Gets the snapshot of the policy in force, or <see langword="null"/> before the escalation started.</summary>
    public EscalationPolicySnapshot? Policy => _f.Policy;

    /// <summary>Gets the level (1-based) the walk last notified, or <see langword="null"/> when no walk step fired since the escalation (re)started.</summary>
    public int? CurrentLevel => _f.CurIndex >= 0 ? _f.CurIndex + 1 : null;

    /// <summary>Gets the round (1-based) the walk is in.</summary>
    public int Round => _f.CurRound + 1;

    /// <summary>Gets when the next timeout step is due, or <see langword="null"/> when the walk is stopped, exhausted or not started.</summary>
    public Instant? NextTimeoutAt => IsWalkActive ? _f.NextDue : null;

    /// <summary>Gets how many triggers (SLA, manual, priority raise, management at once) wait for their step.</summary>
    public int PendingTriggerCount => _f.Pending.IsDefault ? 0 : _f.Pending.Length;

    /// <summary>Gets whether the escalation must (re)start before anything else: the incident is open and has no snapshot, or was reopened.</summary>
    public bool NeedsStart => IsOpen && (Policy is null || _f.RestartPending);

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
                return _f.OpenedAt;
            }

            if (_f.RestartPending)
            {
                return _f.RestartAt;
            }

            Instant? due = IsWalkActive ? _f.NextDue : null;
            if (!_f.Pending.IsDefault)
            {
                foreach (var p in _f.Pending)
                {
                    due = due is { } d && d <= p.At ? d : p.At;
                }
            }

            return due;
        }
    }

    /// <summary>Gets the incident as far as resolving roles needs it.</summary>
    public EscalationSubject Subject => new(_f.Tenant, _f.Incident, _f.Priority, _f.Category, _f.Service, _f.AssignmentGroup, _f.Assignee);

    internal bool IsWalkActive => Policy is not null && !_f.RestartPending && _f.HasNext && IsOpen && (!IsAcknowledged || _f.StartStepForced);

    internal int CurrentIndex => _f.CurIndex;

    internal int CurrentRoundIndex => _f.CurRound;

    internal int StartIndex => _f.StartIndex;

    internal int NextIndex => _f.NextIndex;

    internal int NextRoundIndex => _f.NextRound;

    internal Instant NextDue => _f.NextDue;

    internal EscalationTrigger StartTrigger => _f.StartTrigger;

    internal ulong FiredMaskAt(Instant due) => due == _f.MaskDue ? _f.FiredMask : 0;

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
        var f = _f with { Version = _f.Version + 1, State = IncidentLifecycle.After(_f.State, e) };
        var open = _f.Opened && IncidentLifecycle.IsOpen(_f.State);
        switch (e)
        {
            case IncidentOpened o:
                f = f with
                {
                    Opened = true,
                    OpenedAt = o.At,
                    Tenant = o.Tenant,
                    Incident = o.Incident,
                    Priority = o.Priority,
                    Category = o.Category,
                    Service = o.Service,
                    AssignmentGroup = o.AssignmentGroup,
                };
                break;
            case IncidentAcknowledged or WorkStarted:
                f = f with { IsAcknowledged = true };
                break;
            case IncidentAssigned a:
                f = f with { Assignee = a.Assignee, AssignmentGroup = a.AssignmentGroup };
                break;
            case IncidentRecategorised r:
                f = f with { Category = r.Category, AssignmentGroup = r.AssignmentGroup };
                break;
            case PriorityChanged p:
                var raised = p.Priority < f.Priority;
                var from = f.Priority;
                f = f with { Priority = p.Priority };
                if (raised && f.Policy is not null && open && !f.RestartPending)
                {
                    f = f.AddPending(new(p.EventId, p.At, EscalationTrigger.PriorityRaised, EscalationKind.Functional, 0,
                        $"Priority raised from {from} to {p.Priority}" + (p.Reason is null ? "." : $": {p.Reason}")));
                }

                break;
            case IncidentEscalated m when open:
                f = f.AddPending(new(m.EventId, m.At, EscalationTrigger.Manual, m.Kind, 0, m.Reason, m.ToGroup));
                break;
            // Once someone answered, SLA events are for the communication plan to tell people about, not pages (unless configured).
            case SlaWarningReached w when open && w.Percent >= _slaWarningPercent && (f.SlaWarned & (1 << (int)w.Target)) == 0:
                f = f with { SlaWarned = f.SlaWarned | (1 << (int)w.Target) };
                if (!f.IsAcknowledged || _slaPagesAfterAcknowledgement)
                {
                    f = f.AddPending(new(w.EventId, w.At, EscalationTrigger.SlaWarning, EscalationKind.Functional, 0, $"{w.Target} SLA reached {w.Percent} % (due {w.DueAt})."));
                }

                break;
            case SlaBreached b when open && (f.SlaBreached & (1 << (int)b.Target)) == 0:
                f = f with { SlaBreached = f.SlaBreached | (1 << (int)b.Target) };
                if (!f.IsAcknowledged || _slaPagesAfterAcknowledgement)
                {
                    f = f.AddPending(new(b.EventId, b.At, EscalationTrigger.SlaBreach, EscalationKind.Hierarchical, 0, $"{b.Target} SLA breached (was due {b.DueAt})."));
                }

                break;
            case IncidentResolved or IncidentClosed or IncidentCancelled:
                f = f with { Pending = default };
                break;
            case IncidentReopened r:
                // A reopen is a fresh trigger: a new snapshot and a new cycle that walks the whole policy (with its repeats)
                // from the reopen, until someone acknowledges the reopened incident.
                f = f with
                {
                    IsAcknowledged = false,
                    RestartPending = true,
                    RestartAt = r.At,
                    SlaWarned = 0,
                    SlaBreached = 0,
                    Pending = default,
                };
                break;
            case EscalationStarted s:
                f = f.Started(s);
                break;
            case EscalationStepFired sf:
                f = f.StepFired(sf);
                break;
            case EscalationStepSkipped k:
                f = f.StepSkipped(k);
                break;
        }

        _f = f;
    }

    internal EscalationState Clone() => new(this);

    // One page per level and cycle: a cycle is one pass of the walk through the policy. It starts with a (re)start, a repeat
    // round, or a backward jump; until then a level paged once (by the walk or by any trigger) is not paged again.
    internal bool WasPagedThisCycle(int index, int round, bool walk)
    {
        if (round > _f.PagedRound || (walk && _f.StartsNewPass(index, round)))
        {
            return false;
        }

        return (_f.PagedMask & (1UL << index)) != 0;
    }

    internal bool TryPeekPending(out PendingTrigger trigger)
    {
        if (!_f.Pending.IsDefaultOrEmpty)
        {
            trigger = _f.Pending[0];
            return true;
        }

        trigger = default;
        return false;
    }

    // The fold's facts. The default value is the state before any event; Pending's default stands for no pending trigger.
    private readonly record struct Facts
    {
        public static Facts Empty { get; } = new() { CurIndex = -1 };

        public long Version { get; init; }

        public IncidentState State { get; init; }

        public Priority Priority { get; init; }

        public bool IsAcknowledged { get; init; }

        public EscalationPolicySnapshot? Policy { get; init; }

        public ImmutableArray<PendingTrigger> Pending { get; init; }

        public bool Opened { get; init; }

        public Instant OpenedAt { get; init; }

        public bool RestartPending { get; init; }

        public Instant RestartAt { get; init; }

        public int CurIndex { get; init; }

        public int CurRound { get; init; }

        public Instant CurDue { get; init; }

        public bool HasNext { get; init; }

        public int NextIndex { get; init; }

        public int NextRound { get; init; }

        public Instant NextDue { get; init; }

        public ulong FiredMask { get; init; }

        public Instant MaskDue { get; init; }

        public bool StartStepForced { get; init; }

        public EscalationTrigger StartTrigger { get; init; }

        public int StartIndex { get; init; }

        public int SlaWarned { get; init; }

        public int SlaBreached { get; init; }

        public ulong PagedMask { get; init; }

        public int PagedRound { get; init; }

        public TenantId Tenant { get; init; }

        public IncidentId Incident { get; init; }

        public CategoryPath? Category { get; init; }

        public string? Service { get; init; }

        public string? AssignmentGroup { get; init; }

        public UserId? Assignee { get; init; }

        public bool StartsNewPass(int index, int round) => CurIndex >= 0 && round == CurRound && index <= CurIndex;

        public Facts AddPending(PendingTrigger trigger) =>
            this with { Pending = Pending.IsDefault ? [trigger] : Pending.Add(trigger) };

        public Facts Started(EscalationStarted s)
        {
            var count = s.Policy?.Levels?.Count ?? 0;
            var startIndex = Math.Clamp(s.StartLevel - 1, 0, Math.Max(count - 1, 0));
            var f = RemovePending(s.CauseEventId) with
            {
                Policy = s.Policy,
                RestartPending = false,
                StartIndex = startIndex,
                CurIndex = -1,
                CurRound = 0,
                PagedMask = 0,
                PagedRound = 0,
                HasNext = count > 0,
                NextIndex = startIndex,
                NextRound = 0,

                // Escalation time runs from what started it, not from when a worker got round to it: from the opening, from the
                // reopen, or (a new policy after a priority raise) from the decision. A worker that was down catches up by the misfire rule.
                NextDue = s.Trigger switch
                {
                    EscalationTrigger.Started => Instant.Min(OpenedAt, s.At),
                    EscalationTrigger.Reopened => Instant.Min(RestartAt, s.At),
                    _ => s.At,
                },
                FiredMask = 0,
                MaskDue = Instant.MinValue,
                StartTrigger = s.Trigger,
                StartStepForced = s.Trigger != EscalationTrigger.Started,
            };
            return s.HierarchicalLevel is { } level
                ? f.AddPending(new(s.EventId, s.At, EscalationTrigger.MatrixRule, EscalationKind.Hierarchical, level, $"Rule '{s.RuleName}' notifies management at once."))
                : f;
        }

        public Facts StepFired(EscalationStepFired e)
        {
            var f = RemovePending(e.CauseEventId);
            if (f.Policy?.Levels is not { } levels || e.Level < 1 || e.Level > levels.Count)
            {
                return f;
            }

            var index = e.Level - 1;
            var round = Math.Max(e.Round - 1, 0);
            f = f.MarkPaged(index, round, walk: e.CauseEventId is null);
            if (e.CauseEventId is null)
            {
                return (f with { StartStepForced = false }).MoveTo(levels, index, round, e.DueAt);
            }

            return e.Trigger != EscalationTrigger.MatrixRule && (f.CurIndex < 0 || round > f.CurRound || (round == f.CurRound && index > f.CurIndex))
                ? f.MoveTo(levels, index, round, e.At)
                : f;
        }

        public Facts StepSkipped(EscalationStepSkipped k)
        {
            var f = RemovePending(k.CauseEventId);
            if (k.CauseEventId is not null || f.Policy?.Levels is not { } levels || k.Level < 1 || k.Level > levels.Count)
            {
                return f;
            }

            // A skipped walk step moves the walk on as a fired one would, so the timeline keeps its schedule.
            var index = k.Level - 1;
            var round = Math.Max(k.Round - 1, 0);
            return (f.MarkPaged(index, round, walk: true) with { StartStepForced = false }).MoveTo(levels, index, round, k.DueAt);
        }

        private Facts MarkPaged(int index, int round, bool walk) =>
            round > PagedRound || (walk && StartsNewPass(index, round))
                ? this with { PagedMask = 1UL << index, PagedRound = round }
                : this with { PagedMask = PagedMask | (1UL << index) };

        private Facts MoveTo(IReadOnlyList<EscalationLevel> levels, int index, int round, Instant due)
        {
            var f = (due == MaskDue
                ? this with { FiredMask = FiredMask | (1UL << index) }
                : this with { FiredMask = 1UL << index, MaskDue = due }) with
            {
                CurIndex = index,
                CurRound = round,
                CurDue = due,
            };
            if (EscalationWalk.TryGetSuccessor(f.Policy!, index, round, out var next, out var nextRound))
            {
                var nextDue = due + levels[index].Delay;
                return f with
                {
                    HasNext = !(nextDue == due && (f.FiredMask & (1UL << next)) != 0),
                    NextIndex = next,
                    NextRound = nextRound,
                    NextDue = nextDue,
                };
            }

            return f with { HasNext = false };
        }

        private Facts RemovePending(Guid? cause) =>
            cause is { } id && !Pending.IsDefaultOrEmpty
                ? this with { Pending = Pending.RemoveAll(p => p.Cause == id) }
                : this;
    }
}
