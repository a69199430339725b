using NodaTime;
using Stateless;
using Stateless.Graph;

namespace IncidentKit.Incidents;

/// <summary>Decides which commands an incident accepts, with Stateless configured once per workflow and thread.</summary>
/// <remarks>
/// Implementation note: a Stateless machine is mutable while it fires (FiringMode.Queued keeps a queue), so one instance
/// cannot serve two threads. Each thread keeps one machine per workflow, configured once, whose external state and guard
/// inputs live in a small <see cref="Runner"/> that is loaded from the incident before each question. The machine only
/// decides; <see cref="Incident"/> changes state by applying the resulting event, so replaying history never re-checks a rule.
/// </remarks>
internal sealed class IncidentWorkflow
{
    [ThreadStatic]
    private static Runner? t_runner;

    private const string AssigneeRule = "an assignee is required before work starts";
    private const string ReopenRule = "the reopen window has not passed";

    internal IncidentWorkflow(bool allowSkipAcknowledge, bool requireAssigneeToStartWork, Duration reopenWindow)
    {
        AllowSkipAcknowledge = allowSkipAcknowledge;
        RequireAssigneeToStartWork = requireAssigneeToStartWork;
        ReopenWindow = reopenWindow;
    }

    internal bool AllowSkipAcknowledge { get; }

    internal bool RequireAssigneeToStartWork { get; }

    internal Duration ReopenWindow { get; }

    internal static IReadOnlyList<IncidentState> OpenStates { get; } =
        [IncidentState.New, IncidentState.Acknowledged, IncidentState.InProgress, IncidentState.OnHold];

    internal bool CanExecute(Incident incident, IncidentCommand command, Instant now) =>
        Load(incident, now).Machine.CanFire(command);

    internal IReadOnlyList<IncidentCommand> Permitted(Incident incident, Instant now) =>
        PermittedNow(Load(incident, now).Machine);

    /// <summary>Returns the state the command leads to, or throws when it is not permitted.</summary>
    internal IncidentState Decide(Incident incident, IncidentCommand command, Instant now)
    {
        var runner = Load(incident, now);
        if (!runner.Machine.CanFire(command, out var unmet))
        {
            throw new InvalidIncidentTransitionException(incident.State, command,
                PermittedNow(runner.Machine), unmet?.ToArray() ?? []);
        }

        runner.Machine.Fire(command);
        return runner.State;
    }

    internal string ToMermaid()
    {
        var runner = new Runner(this);
        return MermaidGraph.Format(runner.Machine.GetInfo());
    }

    // Stateless 5.20 offers the permitted-trigger query only asynchronously (the synchronous one is obsolete); the
    // domain is synchronous, so ask CanFire for each command instead, which also keeps the answer in enum order.
    private static IncidentCommand[] PermittedNow(StateMachine<IncidentState, IncidentCommand> machine) =>
        Array.FindAll(AllCommands, machine.CanFire);

    private static readonly IncidentCommand[] AllCommands = Enum.GetValues<IncidentCommand>();

    private Runner Load(Incident incident, Instant now)
    {
        var runner = t_runner;
        if (runner is null || !ReferenceEquals(runner.Workflow, this))
        {
            runner = t_runner = new Runner(this);
        }

        runner.State = incident.State;
        runner.HasAssignee = incident.Assignee is not null;
        runner.ResolvedAt = incident.ResolvedAt;
        runner.Now = now;
        return runner;
    }

    private sealed class Runner
    {
        internal Runner(IncidentWorkflow workflow)
        {
            Workflow = workflow;
            Machine = new StateMachine<IncidentState, IncidentCommand>(() => State, s => State = s, FiringMode.Queued);
            Configure(Machine, workflow);
        }

        internal IncidentWorkflow Workflow { get; }

        internal StateMachine<IncidentState, IncidentCommand> Machine { get; }

        internal IncidentState State { get; set; }

        internal bool HasAssignee { get; set; }

        internal Instant? ResolvedAt { get; set; }

        internal Instant Now { get; set; }

        private bool AssigneeRuleMet => !Workflow.RequireAssigneeToStartWork || HasAssignee;

        private bool ReopenRuleMet => ResolvedAt is { } resolved && Now - resolved <= Workflow.ReopenWindow && Workflow.ReopenWindow > Duration.Zero;

        private void Configure(StateMachine<IncidentState, IncidentCommand> m, IncidentWorkflow w)
        {
            IncidentCommand[] openCommands =
            [
                IncidentCommand.Assign, IncidentCommand.ChangePriority, IncidentCommand.Recategorise,
                IncidentCommand.AddWorkNote, IncidentCommand.LinkAlert, IncidentCommand.RecordDiagnosis, IncidentCommand.Escalate,
                IncidentCommand.PostStatusUpdate,
            ];
            foreach (var state in OpenStates)
            {
                var s = m.Configure(state).Permit(IncidentCommand.Cancel, IncidentState.Cancelled);
                foreach (var command in openCommands)
                {
                    s.PermitReentry(command);
                }
            }

            var fresh = m.Configure(IncidentState.New).Permit(IncidentCommand.Acknowledge, IncidentState.Acknowledged);
            if (w.AllowSkipAcknowledge)
            {
                fresh.PermitIf(IncidentCommand.StartWork, IncidentState.InProgress, () => AssigneeRuleMet, AssigneeRule)
                     .Permit(IncidentCommand.Resolve, IncidentState.Resolved);
            }

            m.Configure(IncidentState.Acknowledged)
                .PermitIf(IncidentCommand.StartWork, IncidentState.InProgress, () => AssigneeRuleMet, AssigneeRule)
                .Permit(IncidentCommand.Resolve, IncidentState.Resolved);
            m.Configure(IncidentState.InProgress)
                .Permit(IncidentCommand.PutOnHold, IncidentState.OnHold)
                .Permit(IncidentCommand.Resolve, IncidentState.Resolved);
            m.Configure(IncidentState.OnHold)
                .Permit(IncidentCommand.Resume, IncidentState.InProgress)
                .Permit(IncidentCommand.Resolve, IncidentState.Resolved);
            // A status update stays possible once resolved: stakeholders expect a last word ("resolved, monitoring").
            m.Configure(IncidentState.Resolved)
                .PermitReentry(IncidentCommand.PostStatusUpdate)
                .PermitIf(IncidentCommand.Reopen, IncidentState.InProgress, () => ReopenRuleMet, ReopenRule)
                .Permit(IncidentCommand.Close, IncidentState.Closed);
            m.Configure(IncidentState.Closed);
            m.Configure(IncidentState.Cancelled);
        }
    }
}
