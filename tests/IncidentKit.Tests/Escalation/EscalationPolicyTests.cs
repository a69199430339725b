using IncidentKit.Escalation;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

public sealed class EscalationPolicyTests
{
    private static EscalationLevel Level(int minutes, EscalationKind kind = EscalationKind.Functional, int? jumpTo = null, bool allowZero = false, params EscalationTarget[] targets) =>
        new(targets.Length == 0 ? [EscalationTarget.User(Alice)] : targets, Minutes(minutes), kind, jumpTo, allowZero);

    [Fact]
    public void Build_ValidPolicy_FreezesLevelsAndRepeat()
    {
        var policy = Standard(repeats: 3);

        Assert.Equal(("standard", "Standard", 1, 3), (policy.Id, policy.Name, policy.Version, policy.Levels.Count));
        Assert.Equal(EscalationRepeat.Times(3), policy.Repeat);
        Assert.Equal(EscalationKind.Hierarchical, policy.Levels[2].Kind);
        Assert.Equal("standard v1 (3 levels, repeat 3 times from level 1)", policy.ToString());
    }

    [Fact]
    public void Build_NoLevels_Throws()
    {
        var error = Assert.Throws<ConfigurationValidationException>(() => new EscalationPolicyBuilder("p", "P").Build());
        Assert.Equal(["A policy has at least one level."], error.Errors);
        Assert.Equal("escalation policy 'p'", error.Subject);
    }

    [Fact]
    public void Build_SeveralProblems_ListsEveryOne()
    {
        var builder = new EscalationPolicyBuilder("p", "P")
            .AddLevel(Level(0))
            .AddLevel(new EscalationLevel([EscalationTarget.User(Bob)], Minutes(-1), EscalationKind.Functional))
            .AddLevel(Level(5, jumpTo: 3))
            .AddLevel(Level(5, jumpTo: 9))
            .AddLevel(Level(5, kind: (EscalationKind)7))
            .RepeatTimes(2, fromLevel: 6);
        builder.Version = 0;

        var error = Assert.Throws<ConfigurationValidationException>(builder.Build);
        Assert.Equal(
        [
            "The version is 0; versions start at 1.",
            "Level 1 has a zero delay; set AllowZeroDelay if the next level is meant to be notified at the same instant.",
            "Level 2 has a negative delay (-0:00:01:00).",
            "Level 3 jumps to itself; use the repeat rule to notify a level again.",
            "Level 4 jumps to level 9, which does not exist (1 to 5).",
            "Level 5 has an undefined kind (7).",
            "The repeat starts at level 6, which does not exist (1 to 5).",
        ], error.Errors);
        Assert.Contains("(7 problems)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ZeroDelayAllowedExplicitly_Builds()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(0, allowZero: true)).AddLevel(Level(5)).Build();
        Assert.Equal(Duration.Zero, policy.Levels[0].Delay);
    }

    [Fact]
    public void Constructors_BadArguments_Throw()
    {
        Assert.Throws<ArgumentException>("id", () => new EscalationPolicyBuilder(" ", "P"));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => EscalationRepeat.Times(-1));
        Assert.Throws<ArgumentOutOfRangeException>("fromLevel", () => EscalationRepeat.Forever(0));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => new EscalationRepeat(2, 1, isForever: true));
        Assert.Throws<ArgumentException>("team", () => EscalationTarget.Team(""));
        Assert.Throws<ArgumentException>("user", () => EscalationTarget.User(default));
        Assert.Throws<ArgumentOutOfRangeException>("level", () => new EscalationPolicyBuilder("p", "P").JumpTo(1, 2));
    }

    [Fact]
    public void WithLevel_ReturnsNewVersionAndLeavesOriginalUnchanged()
    {
        var original = Standard();
        var changed = original.WithLevel(1, Level(1, targets: EscalationTarget.User(Bob)));

        Assert.NotSame(original, changed);
        Assert.Equal((1, 2), (original.Version, changed.Version));
        Assert.Equal(EscalationTarget.Schedule("primary"), original.Levels[0].Targets[0]);
        Assert.Equal(EscalationTarget.User(Bob), changed.Levels[0].Targets[0]);
        Assert.Equal(original.Levels[1], changed.Levels[1]);
    }

    [Fact]
    public void WithChanges_Invalid_ThrowListingProblems()
    {
        var policy = Standard();

        Assert.Throws<ArgumentOutOfRangeException>("level", () => policy.WithLevel(4, Level(1)));
        var error = Assert.Throws<ConfigurationValidationException>(() => policy.WithRepeat(EscalationRepeat.Times(1, fromLevel: 5)));
        Assert.Equal(["The repeat starts at level 5, which does not exist (1 to 3)."], error.Errors);
        Assert.Equal((2, "Renamed"), policy.WithName("Renamed") is var r ? (r.Version, r.Name) : default);
        Assert.Equal(4, policy.WithLevelAdded(Level(5)).Levels.Count);
    }

    [Fact]
    public void ToSnapshot_CopiesEverythingTheEscalationNeeds()
    {
        var policy = Standard();
        var snapshot = policy.ToSnapshot();

        Assert.Equal(("standard", 1, "Standard", EscalationRepeat.Times(2)), (snapshot.PolicyId, snapshot.PolicyVersion, snapshot.Name, snapshot.Repeat));
        Assert.Equal(policy.Levels, snapshot.Levels);
        Assert.Equal(snapshot, policy.WithName("x").WithName("Standard").ToSnapshot() with { PolicyVersion = 1 });
        Assert.NotEqual(snapshot, policy.WithLevel(2, Level(3)).ToSnapshot() with { PolicyVersion = 1 });
    }

    [Fact]
    public void EscalationLevel_Equality_ComparesTargetsByContent()
    {
        Assert.Equal(Level(5, targets: EscalationTarget.Team("a")), Level(5, targets: EscalationTarget.Team("a")));
        Assert.NotEqual(Level(5, targets: EscalationTarget.Team("a")), Level(5, targets: EscalationTarget.Team("b")));
        Assert.Equal(Level(5, targets: EscalationTarget.Team("a")).GetHashCode(), Level(5, targets: EscalationTarget.Team("a")).GetHashCode());
    }

    [Fact]
    public void EscalationTarget_ToString_NamesKindAndValue()
    {
        Assert.Equal("schedule:primary", EscalationTarget.Schedule("primary").ToString());
        Assert.Equal("role:incident-commander", EscalationTarget.Role("incident-commander").ToString());
        Assert.Equal("repeat forever from level 2", EscalationRepeat.Forever(2).ToString());
        Assert.Equal("no repeat", EscalationRepeat.None.ToString());
    }

    [Fact]
    public void Lint_CleanPolicyWithCoveredSchedule_FindsNothing()
    {
        Assert.Empty(Standard().Lint(T0, PrimaryOnCall()));
    }

    [Fact]
    public void Lint_JumpOverLevel_ReportsUnreachableLevel()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(5)).AddLevel(Level(5)).AddLevel(Level(5)).JumpTo(1, 3).Build();

        var found = Assert.Single(policy.Lint(T0));
        Assert.Equal((EscalationDiagnosticCode.UnreachableLevel, 2), (found.Code, found.Level));
    }

    [Fact]
    public void Lint_RepeatFromSkippedLevel_MakesItReachable()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(5)).AddLevel(Level(5)).AddLevel(Level(5)).JumpTo(1, 3).RepeatTimes(1, fromLevel: 2).Build();
        Assert.Empty(policy.Lint(T0));
    }

    [Fact]
    public void Lint_LevelWithoutTargets_IsReported()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(5)).AddLevel(EscalationKind.Hierarchical, Minutes(5)).Build();

        var found = Assert.Single(policy.Lint(T0));
        Assert.Equal((EscalationDiagnosticCode.LevelWithoutTargets, 2, "Level 2 has no target: it notifies nobody."), (found.Code, found.Level, found.Message));
    }

    [Fact]
    public void Lint_ScheduleWithGapsInNext14Days_IsReportedWithTheFirstGap()
    {
        var onCall = new FakeOnCall()
            .Add("primary", new Interval(T0, T0 + Duration.FromDays(3)), Alice)
            .Add("primary", new Interval(T0 + Duration.FromDays(4), T0 + Duration.FromDays(20)), Bob);

        var found = Assert.Single(Standard().Lint(T0, onCall));
        Assert.Equal((EscalationDiagnosticCode.ScheduleGaps, 1), (found.Code, found.Level));
        Assert.Contains("1 interval (1:00:00:00 in all)", found.Message, StringComparison.Ordinal);
        Assert.Contains("the first from 2026-03-05T09:00:00Z to 2026-03-06T09:00:00Z", found.Message, StringComparison.Ordinal);

        // A gap beyond the window is not reported; a shorter window can exclude this one.
        Assert.Empty(Standard().Lint(T0, onCall, Duration.FromDays(2)));
    }

    [Fact]
    public void Lint_UnknownSchedule_IsReported()
    {
        Assert.Equal(EscalationDiagnosticCode.UnknownSchedule, Assert.Single(Standard().Lint(T0, new FakeOnCall())).Code);
    }

    [Fact]
    public void Lint_ZeroDelayLoopWithBoundedRepeat_IsReported()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(0, allowZero: true)).AddLevel(Level(0, allowZero: true)).RepeatTimes(3).Build();

        var found = Assert.Single(policy.Lint(T0));
        Assert.Equal((EscalationDiagnosticCode.ZeroDelayLoop, 1), (found.Code, found.Level));
    }

    [Fact]
    public void Lint_BackwardJumpWithoutForeverFlag_IsANeverEndingRepeat()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(5)).AddLevel(Level(5)).AddLevel(Level(5)).JumpTo(3, 2).Build();

        var found = Assert.Single(policy.Lint(T0));
        Assert.Equal((EscalationDiagnosticCode.NeverEndingRepeat, 3), (found.Code, found.Level));
        Assert.Contains("jumps back to level 2", found.Message, StringComparison.Ordinal);

        // Saying so explicitly silences it.
        Assert.Empty(policy.WithRepeat(EscalationRepeat.Forever()).Lint(T0));
    }

    [Fact]
    public void Lint_ForeverWithZeroTotalDelay_IsANeverEndingRepeatAndAZeroDelayLoop()
    {
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(Level(5)).AddLevel(Level(0, allowZero: true)).RepeatForever(fromLevel: 2).Build();

        Assert.Equal(
            [(EscalationDiagnosticCode.ZeroDelayLoop, 2), (EscalationDiagnosticCode.NeverEndingRepeat, 2)],
            policy.Lint(T0).Select(d => (d.Code, d.Level ?? 0)));
    }

    [Fact]
    public void Lint_WindowNotPositive_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>("window", () => Standard().Lint(T0, null, Duration.Zero));
    }
}
