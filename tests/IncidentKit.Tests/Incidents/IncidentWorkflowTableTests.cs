using IncidentKit.Incidents;
using IncidentKit.Tests.TestSupport;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentWorkflowTableTests
{
    public static TheoryData<IncidentState, IncidentCommand, bool, bool> AllPairs()
    {
        var data = new TheoryData<IncidentState, IncidentCommand, bool, bool>();
        foreach (var state in ExpectedWorkflow.AllStates)
        {
            foreach (var command in ExpectedWorkflow.AllCommands)
            {
                foreach (var allowSkip in new[] { true, false })
                {
                    foreach (var requireAssignee in new[] { false, true })
                    {
                        data.Add(state, command, allowSkip, requireAssignee);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Command_InEveryState_TransitionsOrThrowsAsDocumented(IncidentState state, IncidentCommand command, bool allowSkipAcknowledge, bool requireAssignee)
    {
        var rules = new IncidentRules(new IncidentWorkflowOptions
        {
            AllowSkipAcknowledge = allowSkipAcknowledge,
            RequireAssigneeToStartWork = requireAssignee,
        });

        // The fixture assigns Bob before work starts when an assignee is required, so only New and Acknowledged lack one.
        var assigneeRuleMet = !requireAssignee || state is not (IncidentState.New or IncidentState.Acknowledged);
        var expected = ExpectedWorkflow.Destination(state, command, allowSkipAcknowledge, assigneeRuleMet);
        var at = At(60);

        foreach (var (_, run) in Fixtures.Invocations(command))
        {
            var incident = InState(state, rules, assignBeforeWork: requireAssignee);
            var before = incident.ToSummary();
            var eventsBefore = incident.Events.ToArray();

            if (expected is { } destination)
            {
                run(incident, at);
                Assert.Equal(destination, incident.State);
                var recorded = Assert.Single(incident.PendingEvents);
                Assert.Equal(eventsBefore.Length + 1, incident.Events.Count);
                Assert.Same(recorded, incident.Events[^1]);
                Assert.Equal(ExpectedWorkflow.EventTypeName(command), recorded.GetType().Name);
                Assert.Equal(at, recorded.At);
                Assert.Equal(Bob, recorded.Actor);
            }
            else
            {
                var ex = Assert.Throws<InvalidIncidentTransitionException>(() => run(incident, at));
                var permitted = ExpectedWorkflow.Permitted(state, allowSkipAcknowledge, assigneeRuleMet);
                Assert.Equal(state, ex.State);
                Assert.Equal(command, ex.Command);
                Assert.Equal(permitted, ex.PermittedCommands);
                Assert.Contains($"{command} is not permitted in state {state}", ex.Message, StringComparison.Ordinal);
                Assert.All(permitted, p => Assert.Contains(p.ToString(), ex.Message, StringComparison.Ordinal));
                if (permitted.Length == 0)
                {
                    Assert.Contains("none", ex.Message, StringComparison.Ordinal);
                }

                Assert.Empty(incident.PendingEvents);
                Assert.Equal(eventsBefore, incident.Events);
                Assert.Equal(before, incident.ToSummary());
            }

        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void PermittedCommandsAndCanExecute_InEveryState_AgreeWithTheTable(IncidentState state, IncidentCommand command, bool allowSkipAcknowledge, bool requireAssignee)
    {
        var rules = new IncidentRules(new IncidentWorkflowOptions
        {
            AllowSkipAcknowledge = allowSkipAcknowledge,
            RequireAssigneeToStartWork = requireAssignee,
        });
        var assigneeRuleMet = !requireAssignee || state is not (IncidentState.New or IncidentState.Acknowledged);
        var incident = InState(state, rules, assignBeforeWork: requireAssignee);

        Assert.Equal(ExpectedWorkflow.Permitted(state, allowSkipAcknowledge, assigneeRuleMet), incident.PermittedCommands(At(60)));
        Assert.Equal(ExpectedWorkflow.Destination(state, command, allowSkipAcknowledge, assigneeRuleMet) is not null, incident.CanExecute(command, At(60)));
        Assert.Empty(incident.PendingEvents);
    }

    [Fact]
    public void Table_EveryStateAndCommand_IsCovered()
    {
        // Guards the table itself: a new state or command must be added to ExpectedWorkflow before these tests pass.
        Assert.Equal(7, ExpectedWorkflow.AllStates.Length);
        Assert.Equal(16, ExpectedWorkflow.AllCommands.Length);
        Assert.All(ExpectedWorkflow.AllCommands, c => Assert.NotEmpty(Fixtures.Invocations(c)));
    }

    [Fact]
    public void PermittedCommands_AtAnyInstantOfAFinalIncident_IsEmpty()
    {
        Assert.Empty(InState(IncidentState.Closed).PermittedCommands(At(1)));
        Assert.Empty(InState(IncidentState.Cancelled).PermittedCommands(At(1) + Duration.FromDays(400)));
    }

    [Fact]
    public void CanExecute_UndefinedCommand_IsFalse()
    {
        Assert.False(InState(IncidentState.InProgress).CanExecute((IncidentCommand)99, At(1)));
        Assert.False(InState(IncidentState.InProgress).CanExecute((IncidentCommand)(-1), At(1)));
    }

    [Fact]
    public void PermittedCommands_ReturnedList_CannotBeChangedByTheCaller()
    {
        var permitted = InState(IncidentState.New).PermittedCommands(At(1));
        Assert.Throws<NotSupportedException>(() => ((IList<IncidentCommand>)permitted)[0] = IncidentCommand.Close);
        Assert.Equal(ExpectedWorkflow.Permitted(IncidentState.New), InState(IncidentState.New).PermittedCommands(At(1)));
    }
}
