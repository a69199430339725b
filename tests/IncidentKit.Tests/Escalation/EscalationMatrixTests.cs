using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Prioritization;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

public sealed class EscalationMatrixTests
{
    [Theory]
    [InlineData(1, "Security", Complexity.Standard, "p1-security", "major", 2, 3)]
    [InlineData(1, "Security/Phishing", Complexity.Simple, "p1-security", "major", 2, 3)]
    [InlineData(1, "Securityx", Complexity.Standard, "p1", "major", 1, null)]
    [InlineData(1, null, Complexity.Standard, "p1", "major", 1, null)]
    [InlineData(2, "Security", Complexity.Standard, "fallback", "standard", 1, null)]
    [InlineData(2, null, Complexity.Complex, "complex-p2", "major", 1, null)]
    [InlineData(3, null, Complexity.Major, "fallback", "standard", 1, null)]
    [InlineData(5, "Network", Complexity.Simple, "fallback", "standard", 1, null)]
    public void Select_ByPriorityCategoryAndComplexity_FirstMatchingRuleWins(int priority, string? category, Complexity complexity,
        string rule, string policy, int startLevel, int? hierarchical)
    {
        var selection = Matrix().Select(new Priority(priority), category is null ? null : new CategoryPath(category), complexity);

        Assert.Equal((rule, policy, startLevel, hierarchical), (selection.Rule.Name, selection.Policy.Id, selection.StartLevel, selection.HierarchicalLevel));
    }

    [Fact]
    public void Build_NoFallback_Throws()
    {
        var error = Assert.Throws<ConfigurationValidationException>(() => new EscalationMatrixBuilder().AddRule("p1", Major(), Priority.P1).Build());
        Assert.Equal(["The matrix has no fallback policy; call UseFallback."], error.Errors);
    }

    [Fact]
    public void Build_SeveralProblems_ListsEveryOne()
    {
        var functionalOnly = new EscalationPolicyBuilder("tier", "Tier").AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.User(Alice)).Build();
        var builder = new EscalationMatrixBuilder()
            .AddRule("a", Standard(), startLevel: 4)
            .AddRule("A", functionalOnly, notifyHierarchicalAtOnce: true)
            .AddRule("b", Standard().WithName("Standard 2"), complexityAtLeast: (Complexity)9)
            .UseFallback(Standard(), startLevel: 0);

        var error = Assert.Throws<ConfigurationValidationException>(builder.Build);
        Assert.Equal(
        [
            "Rule 'a' starts at level 4, but policy 'standard' has levels 1 to 3.",
            "Rule name 'A' is used twice.",
            "Rule 'A' notifies management at once, but policy 'tier' has no hierarchical level.",
            "Rule 'b' uses an undefined complexity (9).",
            "Rule 'b' uses version 2 of policy 'standard', another rule version 1.",
            "Rule 'fallback' starts at level 0, but policy 'standard' has levels 1 to 3.",
        ], error.Errors);
    }

    [Fact]
    public void WithPolicy_SwapsEveryUseOfThePolicyId()
    {
        var matrix = Matrix();
        var edited = Major().WithRepeat(EscalationRepeat.Times(1));

        var changed = matrix.WithPolicy(edited);

        Assert.All(changed.Rules.Take(3), r => Assert.Same(edited, r.Policy));
        Assert.Equal(1, matrix.Rules[0].Policy.Version);
        Assert.True(changed.TryGetPolicy("major", out var found));
        Assert.Same(edited, found);
        Assert.False(changed.TryGetPolicy("nope", out _));
    }

    [Fact]
    public void WithPolicy_StartLevelMissingInNewVersion_Throws()
    {
        var tiny = new EscalationPolicyBuilder("major", "Tiny") { Version = 5 }
            .AddLevel(EscalationKind.Hierarchical, Minutes(5), EscalationTarget.User(Dave)).Build();

        var error = Assert.Throws<ConfigurationValidationException>(() => Matrix().WithPolicy(tiny));
        Assert.Contains("Rule 'p1-security' starts at level 2, but policy 'major' has levels 1 to 1.", error.Errors);
    }

    [Fact]
    public void Rule_ToString_DescribesCriteria()
    {
        Assert.Equal("p1-security: P1 or higher, within Security, any complexity -> major from level 2 + management at once", Matrix().Rules[0].ToString());
    }
}
