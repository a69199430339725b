using IncidentKit.Incidents;
using IncidentKit.Tests.TestSupport;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentWorkflowOptionsTests
{
    private static IncidentRules Rules(bool allowSkip = true, bool requireAssignee = false, Duration? reopenWindow = null) =>
        new(new IncidentWorkflowOptions
        {
            AllowSkipAcknowledge = allowSkip,
            RequireAssigneeToStartWork = requireAssignee,
            ReopenWindow = reopenWindow ?? Duration.FromDays(7),
        });

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new IncidentWorkflowOptions();
        Assert.True(options.AllowSkipAcknowledge);
        Assert.False(options.RequireAssigneeToStartWork);
        Assert.Equal(Duration.FromDays(7), options.ReopenWindow);
    }

    [Fact]
    public void PutOnHold_FromAcknowledgedByDefault_HoldsAndResumesIntoProgress()
    {
        var incident = Open();
        incident.Acknowledge(At(1), Alice);

        incident.PutOnHold("Waiting on the customer", At(2), Alice);
        Assert.Equal(IncidentState.OnHold, incident.State);
        incident.Resume(At(30), Alice);

        Assert.Equal(IncidentState.InProgress, incident.State);
        Assert.True(new IncidentWorkflowOptions().AllowHoldWhenAcknowledged);
    }

    [Fact]
    public void PutOnHold_FromAcknowledgedWhenForbidden_Refuses()
    {
        var incident = Open(new IncidentRules(new IncidentWorkflowOptions { AllowHoldWhenAcknowledged = false }));
        incident.Acknowledge(At(1), Alice);

        var ex = Assert.Throws<InvalidIncidentTransitionException>(() => incident.PutOnHold("Waiting on the customer", At(2), Alice));

        Assert.Equal(IncidentState.Acknowledged, ex.State);
        Assert.DoesNotContain(IncidentCommand.PutOnHold, incident.PermittedCommands(At(2)));
    }

    [Fact]
    public void StartWork_FromNewWhenSkipAllowed_SetsAcknowledgedAtToo()
    {
        var incident = Open(Rules(allowSkip: true));
        incident.StartWork(At(3), Alice);
        Assert.Equal(IncidentState.InProgress, incident.State);
        Assert.Equal(At(3), incident.AcknowledgedAt);
    }

    [Theory]
    [InlineData(IncidentCommand.StartWork)]
    [InlineData(IncidentCommand.Resolve)]
    public void SkipAcknowledge_WhenNotAllowed_RefusesFromNewWithoutUnmetRule(IncidentCommand command)
    {
        var incident = Open(Rules(allowSkip: false));
        var ex = Assert.Throws<InvalidIncidentTransitionException>(() => Fixtures.Invocations(command)[0].Run(incident, At(3)));
        Assert.Empty(ex.UnmetRules);
        Assert.DoesNotContain(command, ex.PermittedCommands);
        Assert.Contains(IncidentCommand.Acknowledge, ex.PermittedCommands);
        Assert.Single(incident.Events);
    }

    [Fact]
    public void Resolve_FromNewWhenSkipAllowed_SetsAcknowledgedAt()
    {
        var incident = Open(Rules(allowSkip: true));
        incident.Resolve("false-alarm", "monitoring glitch", At(2), Alice);
        Assert.Equal(IncidentState.Resolved, incident.State);
        Assert.Equal(At(2), incident.AcknowledgedAt);
        Assert.Equal(At(2), incident.ResolvedAt);
    }

    [Fact]
    public void StartWork_AssigneeRequiredAndMissing_ThrowsNamingTheRule()
    {
        var incident = InState(IncidentState.Acknowledged, Rules(requireAssignee: true));
        Assert.False(incident.CanExecute(IncidentCommand.StartWork, At(10)));
        var ex = Assert.Throws<InvalidIncidentTransitionException>(() => incident.StartWork(At(10), Alice));
        Assert.Equal(IncidentState.Acknowledged, ex.State);
        Assert.Equal(IncidentCommand.StartWork, ex.Command);
        Assert.Contains(ex.UnmetRules, r => r.Contains("assignee", StringComparison.Ordinal));
        Assert.Contains("assignee", ex.Message, StringComparison.Ordinal);
        Assert.Empty(incident.PendingEvents);
    }

    [Fact]
    public void StartWork_AssigneeRequiredAndGiven_StartsWork()
    {
        var incident = InState(IncidentState.Acknowledged, Rules(requireAssignee: true));
        incident.Assign(Bob, null, At(9), Alice);
        Assert.True(incident.CanExecute(IncidentCommand.StartWork, At(10)));
        incident.StartWork(At(10), Bob);
        Assert.Equal(IncidentState.InProgress, incident.State);
    }

    [Fact]
    public void StartWork_AssigneeRequiredButOnlyAGroupAssigned_Throws()
    {
        var incident = InState(IncidentState.Acknowledged, Rules(requireAssignee: true));
        incident.Assign(null, "dba", At(9), Alice);
        Assert.Throws<InvalidIncidentTransitionException>(() => incident.StartWork(At(10), Bob));
    }

    [Fact]
    public void StartWork_AssigneeRequiredFromNewWithSkip_ThrowsThenWorksAfterAssign()
    {
        var incident = Open(Rules(allowSkip: true, requireAssignee: true));
        Assert.Throws<InvalidIncidentTransitionException>(() => incident.StartWork(At(1), Bob));
        incident.Assign(Bob, null, At(2), Alice);
        incident.StartWork(At(3), Bob);
        Assert.Equal(IncidentState.InProgress, incident.State);
    }

    // Resolved at minute 4 by the fixture; the window is 7 days.
    public static TheoryData<string, Duration, bool> ReopenCases() => new()
    {
        { "just after resolution", Duration.FromMinutes(1), true },
        { "inside the window", Duration.FromDays(3), true },
        { "exactly at the edge", Duration.FromDays(7), true },
        { "one tick after the edge", Duration.FromDays(7) + Duration.Epsilon, false },
        { "long after", Duration.FromDays(30), false },
    };

    [Theory]
    [MemberData(nameof(ReopenCases))]
    public void Reopen_RelativeToTheWindow_IsPermittedOnlyWithinIt(string because, Duration afterResolution, bool permitted)
    {
        Assert.NotNull(because);
        var incident = InState(IncidentState.Resolved, Rules(reopenWindow: Duration.FromDays(7)));
        var at = incident.ResolvedAt!.Value + afterResolution;

        Assert.Equal(permitted, incident.CanExecute(IncidentCommand.Reopen, at));
        Assert.Equal(permitted, incident.PermittedCommands(at).Contains(IncidentCommand.Reopen));
        if (permitted)
        {
            incident.Reopen("it failed again", at, Bob);
            Assert.Equal(IncidentState.InProgress, incident.State);
            Assert.Null(incident.ResolvedAt);
            Assert.Null(incident.Resolution);
            Assert.Equal(1, incident.ReopenCount);
        }
        else
        {
            var ex = Assert.Throws<InvalidIncidentTransitionException>(() => incident.Reopen("it failed again", at, Bob));
            Assert.Equal([IncidentCommand.Close, IncidentCommand.PostStatusUpdate], ex.PermittedCommands);
            Assert.Contains(ex.UnmetRules, r => r.Contains("reopen window", StringComparison.Ordinal));
            Assert.Empty(incident.PendingEvents);
            Assert.Equal(IncidentState.Resolved, incident.State);
        }
    }

    [Fact]
    public void Reopen_ZeroWindow_IsNeverPermitted()
    {
        var incident = InState(IncidentState.Resolved, Rules(reopenWindow: Duration.Zero));
        var resolvedAt = incident.ResolvedAt!.Value;
        Assert.False(incident.CanExecute(IncidentCommand.Reopen, resolvedAt));
        Assert.Throws<InvalidIncidentTransitionException>(() => incident.Reopen("again", resolvedAt, Bob));
        Assert.Equal([IncidentCommand.Close, IncidentCommand.PostStatusUpdate], incident.PermittedCommands(resolvedAt));
    }

    [Fact]
    public void Reopen_SecondResolution_WindowCountsFromTheLatest()
    {
        var incident = InState(IncidentState.Resolved, Rules(reopenWindow: Duration.FromDays(1)));
        incident.Reopen("again", At(60), Bob);
        var second = At(60) + Duration.FromDays(2);
        incident.Resolve("fixed", "for real", second, Bob);
        Assert.True(incident.CanExecute(IncidentCommand.Reopen, second + Duration.FromHours(23)));
        Assert.False(incident.CanExecute(IncidentCommand.Reopen, second + Duration.FromHours(25)));
        Assert.Equal(2, incident.Events.OfType<IncidentKit.Incidents.Events.IncidentResolved>().Count());
    }

    [Fact]
    public void Rules_NegativeReopenWindow_ThrowsNamingTheOption()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Rules(reopenWindow: Duration.FromSeconds(-1)));
        Assert.Equal("workflow.ReopenWindow", ex.ParamName);
    }

    [Fact]
    public void Rules_OptionsChangedAfterwards_HaveNoEffect()
    {
        var options = new IncidentWorkflowOptions { AllowSkipAcknowledge = false };
        var rules = new IncidentRules(options);
        options.AllowSkipAcknowledge = true;
        Assert.False(Open(rules).CanExecute(IncidentCommand.StartWork, At(1)));
    }

    [Theory]
    [InlineData(IncidentState.New)]
    [InlineData(IncidentState.Acknowledged)]
    [InlineData(IncidentState.InProgress)]
    [InlineData(IncidentState.OnHold)]
    public void Cancel_FromEachOpenState_Cancels(IncidentState state)
    {
        var incident = InState(state);
        incident.Cancel("duplicate of INC-7", At(30), Bob);
        Assert.Equal(IncidentState.Cancelled, incident.State);
        Assert.Equal(At(30), incident.ClosedAt);
        Assert.False(incident.IsOpen);
        Assert.IsType<IncidentKit.Incidents.Events.IncidentCancelled>(Assert.Single(incident.PendingEvents));
    }

    [Theory]
    [InlineData(IncidentState.Resolved)]
    [InlineData(IncidentState.Closed)]
    [InlineData(IncidentState.Cancelled)]
    public void Cancel_FromResolvedClosedOrCancelled_Throws(IncidentState state)
    {
        var incident = InState(state);
        var ex = Assert.Throws<InvalidIncidentTransitionException>(() => incident.Cancel("too late", At(30), Bob));
        Assert.Equal(state, ex.State);
        Assert.DoesNotContain(IncidentCommand.Cancel, ex.PermittedCommands);
        Assert.Empty(incident.PendingEvents);
    }

    [Fact]
    public void Workflow_ManyRuleSetsOnOneThread_EachAnswersByItsOwnRules()
    {
        // The workflow caches configured machines per thread; alternating between rule sets must not leak one into another.
        var strict = Open(Rules(allowSkip: false));
        var lax = Open(Rules(allowSkip: true));
        for (var i = 0; i < 3; i++)
        {
            Assert.False(strict.CanExecute(IncidentCommand.StartWork, At(1)));
            Assert.True(lax.CanExecute(IncidentCommand.StartWork, At(1)));
        }
    }

    [Fact]
    public async Task Workflow_UsedFromManyThreads_AnswersConsistently()
    {
        var rules = Rules();
        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                var incident = InState(IncidentState.OnHold, rules);
                Assert.Equal(ExpectedWorkflow.Permitted(IncidentState.OnHold), incident.PermittedCommands(At(10)));
                incident.Resume(At(11), Bob);
                incident.Resolve("fixed", "done", At(12), Bob);
                incident.Close(At(13), Bob);
                Assert.Equal(IncidentState.Closed, incident.State);
            }
        }, TestContext.Current.CancellationToken));
        await Task.WhenAll(tasks);
    }
}
