using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Decides, purely, which escalation steps are due for an incident at an instant and when the next one is due.</summary>
/// <remarks>
/// <para><b>Calling it.</b> A worker keeps, per open incident, the <see cref="EscalationState"/> (or rebuilds it from the stored
/// events) and its <see cref="EscalationState.NextDueAt"/> in a due-work table. When an incident falls due, or a new event arrives,
/// it calls <see cref="Decide(EscalationState, Instant, Complexity)"/>, records the decision on the incident
/// (<see cref="Incident.RecordEscalation"/>), appends with the expected version, then sends the notifications of
/// <see cref="EscalationDecision.Steps"/> and files <see cref="EscalationDecision.NextDueAt"/>. A version conflict means another
/// writer went first: reload and decide again. Since the fired step is an event, a step recorded once is never decided again, and a
/// restarted host loses nothing.</para>
/// <para><b>Starting.</b> The first decision for an open incident starts the escalation: the matrix selects the policy and starting
/// level from priority, category and complexity, an <see cref="EscalationStarted"/> event carries a snapshot of the policy, and the
/// starting level fires (unless someone acknowledged before the escalation started); a rule that says so also notifies the
/// policy's first hierarchical level at once. Escalation time runs from the <em>opening</em>, not from the decision: when no worker
/// decided since the opening (it was down), the walk is caught up by the misfire rule below, so the level in force pages once and
/// the rest keeps the original timeline.</para>
/// <para><b>Cycles and new snapshots.</b> A cycle is one pass of the walk through the policy: the first pass, each repeat round (or
/// backward jump), and a new snapshot. A new snapshot is taken only when (1) the incident is reopened: a fresh trigger, whose new
/// cycle walks the whole policy again from the reopen, repeats included, until someone acknowledges the reopened incident; and
/// (2) a priority raise makes the matrix select a different policy, or a different version of the same policy. Editing a policy
/// never changes an escalation in flight, and a priority raise that selects the snapshot's own policy version keeps the snapshot:
/// it notifies the rule's starting level, or the level after the current one if the walk is already past it.</para>
/// <para><b>Triggers.</b> No acknowledgement within a level's delay walks to the next level (jumps and repeats included). Until the
/// incident is acknowledged, an SLA warning at or above <see cref="EscalationOptions.SlaWarningPercent"/> notifies the next
/// functional level and a breach the next hierarchical level; after it they page nobody (the communication plan tells people)
/// unless <see cref="EscalationOptions.SlaPagesAfterAcknowledgement"/> is set. A manual escalation notifies the level naming the
/// team or role it names (<see cref="IncidentEscalated.ToGroup"/>), else the next level of its kind, with its reason ("next" = the
/// first level of that kind after the current one, else the last level of that kind, else the current level). Acknowledging
/// stops the walk; resolving, closing or cancelling ends everything.</para>
/// <para><b>One page per level and cycle.</b> Whatever coincides, a level is paged at most once per cycle by the walk and the
/// automatic triggers: a step whose level was already paged in the cycle (a timeout and a breach at one instant, a warning that
/// finds no further functional level, the walk reaching the level a rule notified at once) is recorded as
/// <see cref="EscalationStepSkipped"/> instead. Only a manual escalation, a person asking, pages a level again.</para>
/// <para><b>Order of coinciding triggers.</b> Each decision applies, in order: (1) a pending start or restart; (2) the timeout walk,
/// caught up to the decision's instant; (3) the waiting triggers in the order their events were recorded (SLA events, manual
/// escalations, priority raises, a rule's "management at once"), each after the steps before it have moved the walk. A worker
/// records due SLA events before it asks the engine, so a breach due at the same instant as a timeout finds the timeout's level
/// paged already.</para>
/// <para><b>Never silence.</b> The constructor refuses a matrix whose policies name a schedule the resolver does not know (or, with
/// an <see cref="EscalationDirectory"/>, a team or role it does not list). A level that resolves to nobody at run time pages the
/// policy's <see cref="EscalationPolicy.Fallback"/>; the step still lists the level's targets as unresolved, which a host reports
/// as a health signal.</para>
/// <para><b>Misfires.</b> After a host was down, the engine does not replay every missed page: of the timeout steps that fell due
/// meanwhile, it fires only those due at the latest instant (the level the walk is at now, plus any level due at the same instant),
/// with their scheduled <see cref="EscalationStepFired.DueAt"/> and the number skipped in <see cref="EscalationStepFired.MissedSteps"/>;
/// the walk then continues on its original timeline.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe if its resolvers are.</threadsafety>
public sealed class EscalationEngine
{
    // A walk that keeps falling due (a repeat forever with short delays after a very long outage) is followed at most this far.
    private const int MaxWalkSteps = 1_000_000;

    private static readonly Instant LintFrom = Instant.FromUtc(2000, 1, 1, 0, 0);

    /// <summary>Initializes an engine.</summary>
    /// <param name="matrix">The escalation matrix that selects policies.</param>
    /// <param name="onCall">Resolves schedule targets to who is on call.</param>
    /// <param name="directory">Resolves team and role targets to people.</param>
    /// <param name="options">The options; <see langword="null"/> takes <see cref="EscalationOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/>, <paramref name="onCall"/> or <paramref name="directory"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">A policy of the matrix names a schedule <paramref name="onCall"/> does not know
    /// (the <see cref="EscalationDiagnosticCode.UnknownSchedule"/> error of <see cref="EscalationPolicy.Lint"/>), or, with an
    /// <see cref="EscalationDirectory"/>, a team or role it does not list; every problem is listed. Such a level would page nobody.</exception>
    public EscalationEngine(EscalationMatrix matrix, IOnCallResolver onCall, IEscalationDirectory directory, EscalationOptions? options = null)
    {
        Matrix = Guard.Against.Null(matrix);
        OnCall = Guard.Against.Null(onCall);
        Directory = Guard.Against.Null(directory);
        Options = options ?? EscalationOptions.Default;
        var problems = FindUnknownTargets(matrix, onCall, directory);
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("escalation engine", problems);
        }
    }

    /// <summary>Gets the escalation matrix.</summary>
    public EscalationMatrix Matrix { get; }

    /// <summary>Gets the on-call resolver.</summary>
    public IOnCallResolver OnCall { get; }

    /// <summary>Gets the team and role directory.</summary>
    public IEscalationDirectory Directory { get; }

    /// <summary>Gets the options.</summary>
    public EscalationOptions Options { get; }

    /// <summary>Folds an incident's events into the state this engine decides from.</summary>
    /// <param name="events">The incident's events, oldest first.</param>
    /// <returns>The state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    public EscalationState Fold(IEnumerable<IncidentEvent> events) => EscalationState.FromEvents(events, Options);

    /// <summary>Decides what is due for an incident now.</summary>
    /// <param name="incident">The incident, with all its events.</param>
    /// <param name="now">The instant to decide at.</param>
    /// <param name="complexity">The incident's complexity, for the matrix.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="complexity"/> is undefined.</exception>
    public EscalationDecision Decide(Incident incident, Instant now, Complexity complexity)
    {
        Guard.Against.Null(incident);
        return Decide(Fold(incident.Events), now, complexity);
    }

    /// <summary>Decides what is due for an incident now, from its folded state; the state itself is not changed.</summary>
    /// <param name="state">The incident's escalation state.</param>
    /// <param name="now">The instant to decide at.</param>
    /// <param name="complexity">The incident's complexity, for the matrix.</param>
    /// <returns>The decision; empty (and allocation-free) when nothing is due.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="complexity"/> is undefined.</exception>
    public EscalationDecision Decide(EscalationState state, Instant now, Complexity complexity)
    {
        Guard.Against.Null(state);
        Guard.Against.EnumOutOfRange(complexity);
        var due = state.NextDueAt;
        if (due is not { } d || d > now)
        {
            return new EscalationDecision([], [], due, state.Version);
        }

        var s = state.Clone();
        var events = new List<IncidentEvent>();
        if (s.NeedsStart)
        {
            Start(s, events, now, complexity, s.Policy is null ? EscalationTrigger.Started : EscalationTrigger.Reopened, cause: null);
        }

        Walk(s, events, now);
        while (s.TryPeekPending(out var pending))
        {
            Fire(s, events, now, complexity, pending);
            Walk(s, events, now);
        }

        return new EscalationDecision(events, events.OfType<EscalationStepFired>().ToArray(), s.NextDueAt, state.Version);
    }

    // The same checks the hosted options validator makes at start, so a code-built engine cannot page nobody by a typo either.
    // Schedules are checked through the lint over a short window (whether the resolver knows them, not whether they have gaps).
    private static List<string> FindUnknownTargets(EscalationMatrix matrix, IOnCallResolver onCall, IEscalationDirectory directory)
    {
        var problems = new List<string>();
        var fixedDirectory = directory as EscalationDirectory;
        var teams = fixedDirectory?.TeamNames.ToHashSet(StringComparer.Ordinal);
        var roles = fixedDirectory?.RoleNames.ToHashSet(StringComparer.Ordinal);
        foreach (var policy in matrix.Rules.Append(matrix.Fallback).Select(r => r.Policy).DistinctBy(p => (p.Id, p.Version)))
        {
            foreach (var diagnostic in policy.Lint(LintFrom, onCall, Duration.FromHours(1)))
            {
                if (diagnostic.Code == EscalationDiagnosticCode.UnknownSchedule)
                {
                    problems.Add($"policy '{policy.Id}': {diagnostic.Message}");
                }
            }

            if (fixedDirectory is null)
            {
                continue;
            }

            var named = policy.Levels.SelectMany((l, i) => l.Targets.Select(t => (Where: $"level {i + 1}", Target: t)))
                .Concat(policy.Fallback.Select(t => (Where: "the fallback", Target: t)));
            foreach (var (where, target) in named)
            {
                if ((target.Kind == EscalationTargetKind.Team && !teams!.Contains(target.Value)) || (target.Kind == EscalationTargetKind.Role && !roles!.Contains(target.Value)))
                {
                    var kind = target.Kind == EscalationTargetKind.Team ? "team" : "role";
                    problems.Add($"policy '{policy.Id}': {where} names {kind} '{target.Value}', which the escalation directory does not list.");
                }
            }
        }

        return problems;
    }

    private void Start(EscalationState s, List<IncidentEvent> events, Instant now, Complexity complexity, EscalationTrigger trigger, Guid? cause)
    {
        var selection = Matrix.Select(s.Priority, s.Subject.Category, complexity);
        var hierarchical = trigger == EscalationTrigger.Started && s.IsAcknowledged ? null : selection.HierarchicalLevel;
        Add(s, events, new EscalationStarted(Incident.NewEventId(now), now, UserId.System)
        {
            Policy = selection.Policy.ToSnapshot(),
            StartLevel = selection.StartLevel,
            Trigger = trigger,
            RuleName = selection.Rule.Name,
            HierarchicalLevel = hierarchical,
            CauseEventId = cause,
        });
    }

    private void Walk(EscalationState s, List<IncidentEvent> events, Instant now)
    {
        if (!s.IsWalkActive || s.NextDue > now)
        {
            return;
        }

        var policy = s.Policy!;
        var levels = policy.Levels;
        Span<(int Index, int Round)> group = stackalloc (int, int)[EscalationPolicy.MaxLevels];
        var groupCount = 0;
        var groupDue = s.NextDue;
        var groupMask = s.FiredMaskAt(groupDue) | (1UL << s.NextIndex);
        group[groupCount++] = (s.NextIndex, s.NextRoundIndex);
        var skipped = 0;
        var (index, round, at) = (s.NextIndex, s.NextRoundIndex, s.NextDue);
        for (var steps = 0; steps < MaxWalkSteps && EscalationWalk.TryGetSuccessor(policy, index, round, out var next, out var nextRound); steps++)
        {
            var nextDue = at + levels[index].Delay;
            if (nextDue > now)
            {
                break;
            }

            if (nextDue == groupDue)
            {
                if ((groupMask & (1UL << next)) != 0)
                {
                    break;
                }

                groupMask |= 1UL << next;
                group[groupCount++] = (next, nextRound);
            }
            else
            {
                skipped += groupCount;
                groupCount = 0;
                group[groupCount++] = (next, nextRound);
                groupDue = nextDue;
                groupMask = 1UL << next;
            }

            (index, round, at) = (next, nextRound, nextDue);
        }

        // The whole group shares one trigger: a zero-delay level after the starting one is part of the start, not a timeout; a
        // group reached only after missed steps (the worker was down from the start) was reached by timeouts.
        var trigger = s.CurrentIndex < 0 && skipped == 0 ? s.StartTrigger : EscalationTrigger.Timeout;
        for (var i = 0; i < groupCount; i++)
        {
            var (level, levelRound) = group[i];
            if (s.WasPagedThisCycle(level, levelRound, walk: true))
            {
                Add(s, events, Skip(now, level, levelRound, trigger, groupDue, cause: null));
            }
            else
            {
                Add(s, events, Step(s, now, level, levelRound, trigger, groupDue, i == 0 ? skipped : 0, cause: null, reason: null));
            }
        }
    }

    private void Fire(EscalationState s, List<IncidentEvent> events, Instant now, Complexity complexity, PendingTrigger pending)
    {
        var levels = s.Policy!.Levels;
        var round = s.CurrentRoundIndex;
        switch (pending.Trigger)
        {
            case EscalationTrigger.MatrixRule:
                StepOrSkip(s, events, now, Math.Clamp(pending.FixedLevel - 1, 0, levels.Count - 1), round, pending);
                break;
            case EscalationTrigger.PriorityRaised:
                var selection = Matrix.Select(s.Priority, s.Subject.Category, complexity);
                if (selection.Policy.Id != s.Policy.PolicyId || selection.Policy.Version != s.Policy.PolicyVersion)
                {
                    Start(s, events, now, complexity, EscalationTrigger.PriorityRaised, pending.Cause);
                    break;
                }

                var level = Math.Max(selection.StartLevel - 1, Math.Min(s.CurrentIndex + 1, levels.Count - 1));
                StepOrSkip(s, events, now, level, round, pending);
                if (selection.HierarchicalLevel is { } h && h - 1 != level)
                {
                    StepOrSkip(s, events, now, h - 1, round, pending with { Trigger = EscalationTrigger.MatrixRule });
                }

                break;
            default:
                var index = pending.Group is { } group && LevelNaming(s, group) is var named and >= 0 ? named : LevelOfKind(s, pending.Kind);
                StepOrSkip(s, events, now, index, round, pending);
                break;
        }
    }

    // A trigger whose level was already paged in this cycle records why nobody new is paged, which also settles the trigger. A
    // manual escalation is a person asking for that level, so it pages even a level paged before.
    private void StepOrSkip(EscalationState s, List<IncidentEvent> events, Instant now, int index, int round, PendingTrigger pending)
    {
        if (pending.Trigger != EscalationTrigger.Manual && s.WasPagedThisCycle(index, round, walk: false))
        {
            Add(s, events, Skip(now, index, round, pending.Trigger, pending.At, pending.Cause));
        }
        else
        {
            Add(s, events, Step(s, now, index, round, pending.Trigger, pending.At, 0, pending.Cause, pending.Reason));
        }
    }

    private static EscalationStepSkipped Skip(Instant now, int index, int round, EscalationTrigger trigger, Instant due, Guid? cause) =>
        new(Incident.NewEventId(now), now, UserId.System)
        {
            Level = index + 1,
            Round = round + 1,
            Trigger = trigger,
            DueAt = Instant.Min(due, now),
            CauseEventId = cause,
            Reason = $"Level {index + 1} was already paged in this cycle (round {round + 1}); the {trigger} step pages nobody again.",
        };

    // A manual escalation "to dba" goes to the first level after the current one that names team or role "dba", else the first anywhere.
    private static int LevelNaming(EscalationState s, string group)
    {
        var levels = s.Policy!.Levels;
        for (var i = s.CurrentIndex + 1; i < levels.Count; i++)
        {
            if (Names(levels[i], group))
            {
                return i;
            }
        }

        for (var i = 0; i < levels.Count; i++)
        {
            if (Names(levels[i], group))
            {
                return i;
            }
        }

        return -1;

        static bool Names(EscalationLevel level, string group) => level.Targets.Any(t =>
            t.Kind is EscalationTargetKind.Team or EscalationTargetKind.Role && string.Equals(t.Value, group, StringComparison.OrdinalIgnoreCase));
    }

    private static int LevelOfKind(EscalationState s, EscalationKind kind)
    {
        var levels = s.Policy!.Levels;
        var from = s.CurrentIndex >= 0 ? s.CurrentIndex : s.StartIndex - 1;
        for (var i = from + 1; i < levels.Count; i++)
        {
            if (levels[i].Kind == kind)
            {
                return i;
            }
        }

        for (var i = levels.Count - 1; i >= 0; i--)
        {
            if (levels[i].Kind == kind)
            {
                return i;
            }
        }

        return Math.Max(from, 0);
    }

    private EscalationStepFired Step(EscalationState s, Instant now, int index, int round, EscalationTrigger trigger, Instant due, int missed, Guid? cause, string? reason)
    {
        var level = s.Policy!.Levels[index];
        var recipients = new List<UserId>();
        var unresolved = new List<EscalationTarget>();
        Resolve(level.Targets, s.Subject, now, recipients, unresolved);
        if (recipients.Count == 0)
        {
            // Never silence: a level that resolves to nobody pages the policy's fallback. The level's targets stay listed as
            // unresolved, which is what a host's health check reports.
            var fallback = s.Policy.Fallback ?? [];
            Resolve(fallback, s.Subject, now, recipients, unresolved);
            reason = (reason is null ? "" : reason + " ") + (recipients.Count > 0
                ? $"Level {index + 1} resolved to nobody; paged the policy's fallback."
                : $"Level {index + 1} resolved to nobody{(fallback.Count == 0 ? " and the policy has no fallback" : " and neither did the policy's fallback")}: nobody was paged.");
        }

        return new EscalationStepFired(Incident.NewEventId(now), now, UserId.System)
        {
            Level = index + 1,
            Round = round + 1,
            Kind = level.Kind,
            Trigger = trigger,
            DueAt = Instant.Min(due, now),
            Targets = level.Targets,
            Recipients = recipients,
            UnresolvedTargets = unresolved,
            MissedSteps = missed,
            CauseEventId = cause,
            Reason = reason,
        };
    }

    private void Resolve(IReadOnlyList<EscalationTarget> targets, EscalationSubject subject, Instant now, List<UserId> recipients, List<EscalationTarget> unresolved)
    {
        foreach (var target in targets)
        {
            IReadOnlyList<UserId>? people;
            var known = target.Kind switch
            {
                EscalationTargetKind.User => (people = [new UserId(target.Value)]) is not null,
                EscalationTargetKind.Team => Directory.TryGetTeamMembers(target.Value, out people),
                EscalationTargetKind.Schedule => OnCall.TryGetOnCall(target.Value, now, out people),
                EscalationTargetKind.Role => Directory.TryGetRoleHolders(target.Value, subject, out people),
                _ => (people = null) is not null,
            };
            if (!known || people is null || people.Count == 0)
            {
                unresolved.Add(target);
                continue;
            }

            foreach (var person in people)
            {
                if (!recipients.Contains(person))
                {
                    recipients.Add(person);
                }
            }
        }
    }

    private static void Add(EscalationState s, List<IncidentEvent> events, IncidentEvent e)
    {
        events.Add(e);
        s.Apply(e);
    }
}
