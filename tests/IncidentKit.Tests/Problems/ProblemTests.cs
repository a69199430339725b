using IncidentKit.Incidents;
using IncidentKit.Problems;
using IncidentKit.Reporting.Reviews;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Problems;

public sealed class ProblemTests
{
    private static readonly IncidentId I1 = IncidentId.New();
    private static readonly IncidentId I2 = IncidentId.New();

    private static Problem NewProblem() => Problem.Open(ProblemId.New(), Tenant, "Checkout times out under load", Alice, T0, Bob, [I1, I1]);

    [Fact]
    public void Open_WithIncidents_LinksEachOnceAndAuditsWhoAndWhen()
    {
        var problem = NewProblem();

        Assert.Equal(ProblemState.Open, problem.State);
        Assert.Equal([I1], problem.Incidents);
        Assert.Equal(Alice, problem.Owner);
        Assert.Equal(
            [new ProblemEntry(T0, Bob, ProblemEntryKind.Opened, "Checkout times out under load"), new ProblemEntry(T0, Bob, ProblemEntryKind.IncidentLinked, I1.ToString())],
            problem.History);
    }

    [Fact]
    public void DeclareKnownError_WithoutRootCauseOrWorkaround_ThrowsNamingTheRule()
    {
        var problem = NewProblem();

        Assert.False(problem.CanMoveTo(ProblemState.KnownError));
        var e = Assert.Throws<InvalidProblemTransitionException>(() => problem.DeclareKnownError(At(5), Alice));
        Assert.Equal(ProblemState.Open, e.From);
        Assert.Equal(ProblemState.KnownError, e.To);
        Assert.Contains("root cause or workaround", e.Message, StringComparison.Ordinal);
        Assert.Equal([ProblemState.Resolved], e.PermittedNow);
    }

    [Fact]
    public void Lifecycle_OpenKnownErrorResolvedReopened_RecordsEveryStepAndKeepsOldInstances()
    {
        var opened = NewProblem();
        var withCause = opened.RecordRootCause("Connection pool too small for peak traffic", At(10), Alice)
            .RecordWorkaround("Restart the checkout pods", At(11), Alice);
        var known = withCause.DeclareKnownError(At(12), Alice);
        var resolved = known.LinkIncident(I2, At(13), Bob).Resolve("Pool sized from load tests", At(20), Alice);
        var reopened = resolved.Reopen("Timeouts came back on Black Friday", At(30), Bob);

        Assert.Equal(ProblemState.Open, opened.State);
        Assert.Null(opened.RootCause);
        Assert.Equal(ProblemState.KnownError, known.State);
        Assert.Equal(ProblemState.Resolved, resolved.State);
        Assert.Equal("Pool sized from load tests", resolved.Resolution);
        Assert.Equal(ProblemState.Open, reopened.State);
        Assert.Null(reopened.Resolution);
        Assert.Equal("Connection pool too small for peak traffic", reopened.RootCause);
        Assert.Equal([I1, I2], reopened.Incidents);
        Assert.Equal(
            [ProblemEntryKind.Opened, ProblemEntryKind.IncidentLinked, ProblemEntryKind.RootCauseRecorded, ProblemEntryKind.WorkaroundRecorded,
             ProblemEntryKind.KnownErrorDeclared, ProblemEntryKind.IncidentLinked, ProblemEntryKind.Resolved, ProblemEntryKind.Reopened],
            reopened.History.Select(h => h.Kind));
        Assert.Equal(Bob, reopened.History[^1].Actor);
        Assert.Equal(At(30), reopened.LastChangedAt);
    }

    [Theory]
    [InlineData(ProblemState.KnownError, ProblemState.KnownError)]
    [InlineData(ProblemState.KnownError, ProblemState.Open)]
    [InlineData(ProblemState.Resolved, ProblemState.Resolved)]
    [InlineData(ProblemState.Resolved, ProblemState.KnownError)]
    [InlineData(ProblemState.Open, ProblemState.Open)]
    public void Move_NotPermittedByState_ThrowsListingPermittedMoves(ProblemState from, ProblemState to)
    {
        var problem = NewProblem().RecordRootCause("cause", At(1), Alice);
        problem = from switch
        {
            ProblemState.KnownError => problem.DeclareKnownError(At(2), Alice),
            ProblemState.Resolved => problem.Resolve("fixed", At(2), Alice),
            _ => problem,
        };

        Assert.False(problem.CanMoveTo(to));
        var e = Assert.Throws<InvalidProblemTransitionException>(() => Move(problem, to));
        Assert.Null(e.Rule);
        Assert.Contains($"Permitted from {from}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PermittedMoves_MatchTheDocumentedTransitionSet()
    {
        var expected = new HashSet<(ProblemState, ProblemState)>
        {
            (ProblemState.Open, ProblemState.KnownError), (ProblemState.Open, ProblemState.Resolved),
            (ProblemState.KnownError, ProblemState.Resolved), (ProblemState.Resolved, ProblemState.Open),
        };

        var actual = Enum.GetValues<ProblemState>().SelectMany(from => Problem.PermittedMoves(from).Select(to => (from, to))).ToHashSet();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Change_DatedBeforeLastChange_ThrowsAndChangesNothing()
    {
        var problem = NewProblem().RecordRootCause("cause", At(10), Alice);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => problem.RecordWorkaround("restart", At(5), Alice));
        Assert.Equal("at", e.ParamName);
        Assert.Null(problem.Workaround);
    }

    [Fact]
    public void Texts_Invalid_ThrowNamingTheField()
    {
        Assert.Equal("title", Assert.ThrowsAny<ArgumentException>(() => Problem.Open(ProblemId.New(), Tenant, " ", Alice, T0, Alice)).ParamName);
        Assert.Equal("title", Assert.ThrowsAny<ArgumentException>(() => Problem.Open(ProblemId.New(), Tenant, "a\u0001b", Alice, T0, Alice)).ParamName);
        Assert.Equal("rootCause", Assert.ThrowsAny<ArgumentException>(() => NewProblem().RecordRootCause(new string('x', 4001), At(1), Alice)).ParamName);
        Assert.Equal("owner", Assert.ThrowsAny<ArgumentException>(() => NewProblem().AssignOwner(default, At(1), Alice)).ParamName);
    }

    [Fact]
    public void LinkAndUnlink_Repeated_AreIdempotent()
    {
        var problem = NewProblem();

        Assert.Same(problem, problem.LinkIncident(I1, At(1), Alice));
        Assert.Same(problem, problem.UnlinkIncident(I2, At(1), Alice));
        var unlinked = problem.UnlinkIncident(I1, At(2), Alice);
        Assert.Empty(unlinked.Incidents);
        Assert.Equal(ProblemEntryKind.IncidentUnlinked, unlinked.History[^1].Kind);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEveryFieldAndTheAuditTrail()
    {
        var problem = NewProblem().RecordRootCause("pool", At(1), Alice).RecordWorkaround("restart", At(2), Alice).DeclareKnownError(At(3), Bob)
            .AssignOwner(Bob, At(4), Alice);

        var json = ReviewJson.Serialize(problem);
        var back = ReviewJson.DeserializeProblem(json);

        Assert.Contains("\"state\":\"known-error\"", json, StringComparison.Ordinal);
        // Problems stored before the API's kebab-case spelling still load.
        Assert.Equal(ProblemState.KnownError, ReviewJson.DeserializeProblem(json.Replace("\"known-error\"", "\"KnownError\"", StringComparison.Ordinal)).State);
        Assert.Equal(problem.Id, back.Id);
        Assert.Equal(problem.Tenant, back.Tenant);
        Assert.Equal(problem.State, back.State);
        Assert.Equal(problem.Owner, back.Owner);
        Assert.Equal(problem.RootCause, back.RootCause);
        Assert.Equal(problem.Workaround, back.Workaround);
        Assert.Equal(problem.Incidents, back.Incidents);
        Assert.Equal(problem.History, back.History);
        Assert.Equal(json, ReviewJson.Serialize(back));
    }

    private static Problem Move(Problem problem, ProblemState to) => to switch
    {
        ProblemState.KnownError => problem.DeclareKnownError(At(9), Alice),
        ProblemState.Resolved => problem.Resolve("fixed", At(9), Alice),
        _ => problem.Reopen("again", At(9), Alice),
    };
}
