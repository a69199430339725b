using System.Collections.ObjectModel;
using NodaTime;
using Stateless;
using Stateless.Graph;

namespace IncidentKit.Incidents;

/// <summary>Decides which commands an incident accepts, from a Stateless machine configured once per workflow.</summary>
/// <remarks>
/// Implementation note: the Stateless machine is the single description of the workflow (states, transitions and the rules
/// that guard them). When the workflow is built, the machine is asked once, for every state, command and combination of rule
/// outcomes, whether the command may fire; the answers are frozen into flat arrays. Deciding is then an
/// array lookup: no Stateless firing, no allocation on success, no per-thread machine, and the workflow is immutable and
/// thread-safe. The machine only decides whether a command is permitted: where each command leads is the one lifecycle rule
/// (<see cref="IncidentLifecycle"/>), from which the machine's transitions are configured, and <see cref="Incident"/> changes
/// state only by applying the recorded event through that same rule. Deciding therefore returns no state (there is nothing for
/// a caller to throw away or to disagree with), and replaying history never re-checks a rule.
/// </remarks>
internal sealed class IncidentWorkflow
{
    private const string AssigneeRule = "an assignee is required before work starts";
    private const string ReopenRule = "the reopen window has not passed";
    private const string ReacknowledgeRule = "the incident was reopened and nobody has acknowledged it since";

    // Rule outcomes index the tables: bit 0 = assignee rule met, bit 1 = reopen rule met, bit 2 = a reopened incident awaits
    // its acknowledgement (a reopen pages again, and the acknowledgement is what stops that paging).
    private const int RuleCombinations = 8;

    private static readonly IncidentCommand[] AllCommands = Enum.GetValues<IncidentCommand>();
    private static readonly int StateCount = Enum.GetValues<IncidentState>().Length;

    private readonly StateMachine<IncidentState, IncidentCommand> _machine;

    // Indexed by ((state * RuleCombinations) + rules) * AllCommands.Length + command.
    private readonly bool[] _allowed;
    private readonly ReadOnlyCollection<string>[] _unmetRules;

    // Indexed by (state * RuleCombinations) + rules.
    private readonly ReadOnlyCollection<IncidentCommand>[] _permitted;

    internal IncidentWorkflow(bool allowSkipAcknowledge, bool requireAssigneeToStartWork, Duration reopenWindow, bool allowHoldWhenAcknowledged = true)
    {
        AllowSkipAcknowledge = allowSkipAcknowledge;
        RequireAssigneeToStartWork = requireAssigneeToStartWork;
        ReopenWindow = reopenWindow;

        var probe = new Probe();
        _machine = new StateMachine<IncidentState, IncidentCommand>(() => probe.State, s => probe.State = s, FiringMode.Queued);
        Configure(_machine, allowSkipAcknowledge, requireAssigneeToStartWork, allowHoldWhenAcknowledged, probe);

        var rows = StateCount * RuleCombinations;
        _allowed = new bool[rows * AllCommands.Length];
        _unmetRules = new ReadOnlyCollection<string>[rows * AllCommands.Length];
        _permitted = new ReadOnlyCollection<IncidentCommand>[rows];
        for (var state = 0; state < StateCount; state++)
        {
            for (var rules = 0; rules < RuleCombinations; rules++)
            {
                var row = (state * RuleCombinations) + rules;
                probe.AssigneeRuleMet = (rules & 1) != 0;
                probe.ReopenRuleMet = (rules & 2) != 0;
                probe.ReacknowledgeRuleMet = (rules & 4) != 0;
                var permitted = new List<IncidentCommand>();
                foreach (var command in AllCommands)
                {
                    var cell = (row * AllCommands.Length) + (int)command;
                    probe.State = (IncidentState)state;

                    // CanFire reports no unmet guards (null) when the state has no transition for the command at all.
                    if (_machine.CanFire(command, out var unmet))
                    {
                        _allowed[cell] = true;
                        _unmetRules[cell] = ReadOnlyCollection<string>.Empty;
                        permitted.Add(command);
                    }
                    else
                    {
                        _unmetRules[cell] = unmet is null ? ReadOnlyCollection<string>.Empty : new List<string>(unmet).AsReadOnly();
                    }
                }

                _permitted[row] = permitted.AsReadOnly();
            }
        }

        // The diagram's initial arrow points at the machine's current state.
        probe.State = IncidentState.New;
    }

    internal bool AllowSkipAcknowledge { get; }

    internal bool RequireAssigneeToStartWork { get; }

    internal Duration ReopenWindow { get; }

    internal bool CanExecute(Incident incident, IncidentCommand command, Instant now) =>
        (uint)command < (uint)AllCommands.Length && _allowed[Cell(Row(incident, now), command)];

    internal IReadOnlyList<IncidentCommand> Permitted(Incident incident, Instant now) => _permitted[Row(incident, now)];

    /// <summary>Throws when the command is not permitted now; the state it leads to is the lifecycle rule's, applied with its event.</summary>
    internal void EnsurePermitted(Incident incident, IncidentCommand command, Instant now)
    {
        var row = Row(incident, now);
        var cell = Cell(row, command);
        if (!_allowed[cell])
        {
            throw new InvalidIncidentTransitionException(incident.State, command, _permitted[row], _unmetRules[cell]);
        }
    }

    internal string ToMermaid() => MermaidGraph.Format(_machine.GetInfo());

    private static int Cell(int row, IncidentCommand command) => (row * AllCommands.Length) + (int)command;

    private int Row(Incident incident, Instant now)
    {
        var assigneeRuleMet = !RequireAssigneeToStartWork || incident.Assignee is not null;
        var reopenRuleMet = incident.ResolvedAt is { } resolved && ReopenWindow > Duration.Zero && now - resolved <= ReopenWindow;
        return ((int)incident.State * RuleCombinations) + (assigneeRuleMet ? 1 : 0) + (reopenRuleMet ? 2 : 0) + (incident.AwaitsAcknowledgement ? 4 : 0);
    }

    private static void Configure(StateMachine<IncidentState, IncidentCommand> m, bool allowSkipAcknowledge, bool requireAssignee, bool allowHoldWhenAcknowledged,
        Probe probe)
    {
        IncidentCommand[] openCommands =
        [
            IncidentCommand.Assign, IncidentCommand.ChangePriority, IncidentCommand.Recategorise,
            IncidentCommand.AddWorkNote, IncidentCommand.LinkAlert, IncidentCommand.RecordDiagnosis, IncidentCommand.Escalate,
            IncidentCommand.PostStatusUpdate,
        ];
        foreach (var state in IncidentLifecycle.OpenStates)
        {
            var s = Allow(m.Configure(state), state, IncidentCommand.Cancel);
            foreach (var command in openCommands)
            {
                Allow(s, state, command);
            }
        }

        var fresh = Allow(m.Configure(IncidentState.New), IncidentState.New, IncidentCommand.Acknowledge);
        if (allowSkipAcknowledge)
        {
            Allow(PermitStartWork(fresh, IncidentState.New), IncidentState.New, IncidentCommand.Resolve);
        }

        var acknowledged = PermitStartWork(m.Configure(IncidentState.Acknowledged), IncidentState.Acknowledged);
        Allow(acknowledged, IncidentState.Acknowledged, IncidentCommand.Resolve);
        if (allowHoldWhenAcknowledged)
        {
            Allow(acknowledged, IncidentState.Acknowledged, IncidentCommand.PutOnHold);
        }

        var inProgress = m.Configure(IncidentState.InProgress);
        Allow(inProgress, IncidentState.InProgress, IncidentCommand.PutOnHold);
        Allow(inProgress, IncidentState.InProgress, IncidentCommand.Resolve);
        Allow(inProgress, IncidentState.InProgress, IncidentCommand.Acknowledge, () => probe.ReacknowledgeRuleMet, ReacknowledgeRule);
        var onHold = m.Configure(IncidentState.OnHold);
        Allow(onHold, IncidentState.OnHold, IncidentCommand.Resume);
        Allow(onHold, IncidentState.OnHold, IncidentCommand.Resolve);
        Allow(onHold, IncidentState.OnHold, IncidentCommand.Acknowledge, () => probe.ReacknowledgeRuleMet, ReacknowledgeRule);

        // A status update stays possible once resolved: stakeholders expect a last word ("resolved, monitoring").
        var resolved = m.Configure(IncidentState.Resolved);
        Allow(resolved, IncidentState.Resolved, IncidentCommand.PostStatusUpdate);
        Allow(resolved, IncidentState.Resolved, IncidentCommand.Reopen, () => probe.ReopenRuleMet, ReopenRule);
        Allow(resolved, IncidentState.Resolved, IncidentCommand.Close);
        m.Configure(IncidentState.Closed);
        m.Configure(IncidentState.Cancelled);

        // The guard exists only when the rule is on, so the diagram shows exactly the rules in force.
        StateMachine<IncidentState, IncidentCommand>.StateConfiguration PermitStartWork(StateMachine<IncidentState, IncidentCommand>.StateConfiguration s, IncidentState from) =>
            requireAssignee
                ? Allow(s, from, IncidentCommand.StartWork, () => probe.AssigneeRuleMet, AssigneeRule)
                : Allow(s, from, IncidentCommand.StartWork);
    }

    // Permits a command in a state, leading where the lifecycle rule says; a command that keeps the state is a reentry.
    private static StateMachine<IncidentState, IncidentCommand>.StateConfiguration Allow(StateMachine<IncidentState, IncidentCommand>.StateConfiguration s,
        IncidentState from, IncidentCommand command, Func<bool>? guard = null, string? rule = null)
    {
        var to = IncidentLifecycle.Destination(from, command);
        return (to == from, guard) switch
        {
            (true, null) => s.PermitReentry(command),
            (true, { } g) => s.PermitReentryIf(command, g, rule),
            (false, null) => s.Permit(command, to),
            (false, { } g) => s.PermitIf(command, to, g, rule),
        };
    }

    // The machine's external state and guard inputs while the tables are computed; never touched afterwards.
    private sealed class Probe
    {
        internal IncidentState State { get; set; }

        internal bool AssigneeRuleMet { get; set; }

        internal bool ReopenRuleMet { get; set; }

        internal bool ReacknowledgeRuleMet { get; set; }
    }
}
