using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Prioritization;

public sealed class PriorityMatrixTests
{
    [Theory]
    [InlineData(1, 1, 1)] // High / High
    [InlineData(1, 2, 2)] // High / Medium
    [InlineData(2, 1, 2)] // Medium / High
    [InlineData(1, 3, 3)] // High / Low
    [InlineData(2, 2, 3)] // Medium / Medium
    [InlineData(3, 1, 3)] // Low / High
    [InlineData(2, 3, 4)] // Medium / Low
    [InlineData(3, 2, 4)] // Low / Medium
    [InlineData(3, 3, 5)] // Low / Low
    public void Default_EveryCell_IsTheItilPriority(int impact, int urgency, int priority)
    {
        Assert.Equal(new Priority(priority), PriorityMatrix.Default.GetPriority(new Impact(impact), new Urgency(urgency)));
        Assert.True(PriorityMatrix.Default.Contains(new Impact(impact), new Urgency(urgency)));
    }

    [Fact]
    public void Default_NamedLevels_MatchTheItilTable()
    {
        var m = PriorityMatrix.Default;
        Assert.Equal(Priority.P1, m.GetPriority(Impact.High, Urgency.High));
        Assert.Equal(Priority.P3, m.GetPriority(Impact.Low, Urgency.High));
        Assert.Equal(Priority.P5, m.GetPriority(Impact.Low, Urgency.Low));
        Assert.Equal(3, m.ImpactLevels);
        Assert.Equal(3, m.UrgencyLevels);
        Assert.Equal(Priority.P5, m.Lowest);
    }

    [Theory]
    [InlineData(1, "Critical")]
    [InlineData(2, "High")]
    [InlineData(3, "Moderate")]
    [InlineData(4, "Low")]
    [InlineData(5, "Planning")]
    public void Default_Labels_AreItilNames(int level, string label)
    {
        Assert.Equal(label, PriorityMatrix.Default.GetLabelOrNull(new Priority(level)));
        Assert.Equal($"P{level} {label}", PriorityMatrix.Default.Describe(new Priority(level)));
    }

    [Fact]
    public void Describe_PriorityWithoutLabel_IsJustTheCode()
    {
        Assert.Null(PriorityMatrix.Default.GetLabelOrNull(new Priority(6)));
        Assert.Equal("P6", PriorityMatrix.Default.Describe(new Priority(6)));
        Assert.Null(PriorityMatrix.Default.GetLabelOrNull(default));
    }

    [Theory]
    [InlineData(0, 1, "impact")]
    [InlineData(4, 1, "impact")]
    [InlineData(1, 0, "urgency")]
    [InlineData(1, 4, "urgency")]
    public void GetPriority_OutsideTheMatrix_ThrowsNamingTheParameter(int impact, int urgency, string parameter)
    {
        var i = impact == 0 ? default : new Impact(impact);
        var u = urgency == 0 ? default : new Urgency(urgency);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => PriorityMatrix.Default.GetPriority(i, u));
        Assert.Equal(parameter, ex.ParamName);
        Assert.Contains("1 to 3", ex.Message, StringComparison.Ordinal);
        Assert.False(PriorityMatrix.Default.Contains(i, u));
    }

    [Fact]
    public void Build_NonSquare4x5_LooksUpEveryCell()
    {
        // Priority = impact + urgency - 1: monotonic in both directions.
        var builder = new PriorityMatrixBuilder(4, 5);
        for (var i = 1; i <= 4; i++)
        {
            for (var u = 1; u <= 5; u++)
            {
                builder.Set(new Impact(i), new Urgency(u), new Priority(i + u - 1));
            }
        }

        var m = builder.Build();
        Assert.Equal(4, m.ImpactLevels);
        Assert.Equal(5, m.UrgencyLevels);
        for (var i = 1; i <= 4; i++)
        {
            for (var u = 1; u <= 5; u++)
            {
                Assert.Equal(new Priority(i + u - 1), m.GetPriority(new Impact(i), new Urgency(u)));
            }
        }

        Assert.Equal("urgency", Assert.Throws<ArgumentOutOfRangeException>(() => m.GetPriority(new Impact(4), new Urgency(6))).ParamName);
        Assert.Equal("impact", Assert.Throws<ArgumentOutOfRangeException>(() => m.GetPriority(new Impact(5), new Urgency(5))).ParamName);
        Assert.Equal(new Priority(8), m.Lowest);
    }

    [Fact]
    public void Build_OneByOne_Works()
    {
        var m = new PriorityMatrixBuilder(1, 1).Set(Impact.High, Urgency.High, Priority.P2).Build();
        Assert.Equal(Priority.P2, m.GetPriority(Impact.High, Urgency.High));
    }

    [Fact]
    public void Build_MissingAndNonMonotonicCells_ListsEveryProblemInOneException()
    {
        var builder = new PriorityMatrixBuilder(3, 3)
            .Set(Impact.High, Urgency.High, Priority.P1)
            .Set(Impact.High, Urgency.Medium, Priority.P2)
            .Set(Impact.High, Urgency.Low, Priority.P3)
            .Set(Impact.Medium, Urgency.High, Priority.P4)   // raising impact from 2 to 1 is fine (P1), but (2,2) = P3 is more pressing than (2,1) = P4
            .Set(Impact.Medium, Urgency.Medium, Priority.P3)
            .Set(Impact.Low, Urgency.Low, Priority.P5);
        // Missing: (2,3), (3,1), (3,2).

        var ex = Assert.Throws<ConfigurationValidationException>(builder.Build);
        Assert.Equal("priority matrix", ex.Subject);
        Assert.Contains("Cell (impact 2, urgency 3) has no priority.", ex.Errors);
        Assert.Contains("Cell (impact 3, urgency 1) has no priority.", ex.Errors);
        Assert.Contains("Cell (impact 3, urgency 2) has no priority.", ex.Errors);
        Assert.Contains(ex.Errors, e => e.Contains("Raising urgency from 2 to 1 at impact 2", StringComparison.Ordinal));
        Assert.Equal(4, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Contains(e, ex.Message, StringComparison.Ordinal));
        Assert.Contains("4 problems", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EveryCellNonMonotonic_ListsEachViolation()
    {
        // The ITIL matrix upside down: every step up in impact or urgency lowers the priority.
        var builder = new PriorityMatrixBuilder(2, 2)
            .Set(new Impact(1), new Urgency(1), Priority.P4)
            .Set(new Impact(1), new Urgency(2), Priority.P2)
            .Set(new Impact(2), new Urgency(1), Priority.P2)
            .Set(new Impact(2), new Urgency(2), Priority.P1);
        var ex = Assert.Throws<ConfigurationValidationException>(builder.Build);
        Assert.Equal(4, ex.Errors.Count);
        Assert.Equal(2, ex.Errors.Count(e => e.StartsWith("Raising impact", StringComparison.Ordinal)));
        Assert.Equal(2, ex.Errors.Count(e => e.StartsWith("Raising urgency", StringComparison.Ordinal)));
    }

    [Fact]
    public void Build_EmptyBuilder_ListsEveryCell()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(new PriorityMatrixBuilder(2, 3).Build);
        Assert.Equal(6, ex.Errors.Count);
    }

    [Theory]
    [InlineData(0, 3, "impactLevels")]
    [InlineData(3, 0, "urgencyLevels")]
    [InlineData(100, 3, "impactLevels")]
    public void Builder_BadSize_ThrowsNamingTheParameter(int impacts, int urgencies, string parameter)
    {
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => new PriorityMatrixBuilder(impacts, urgencies)).ParamName);
    }

    [Fact]
    public void Set_OutsideTheBuilderOrUnsetPriority_ThrowsNamingTheParameter()
    {
        var builder = new PriorityMatrixBuilder(2, 2);
        Assert.Equal("impact", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Set(new Impact(3), Urgency.High, Priority.P1)).ParamName);
        Assert.Equal("urgency", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Set(Impact.High, new Urgency(3), Priority.P1)).ParamName);
        Assert.Equal("priority", Assert.Throws<ArgumentOutOfRangeException>(() => builder.Set(Impact.High, Urgency.High, default)).ParamName);
        Assert.Equal("label", Assert.Throws<ArgumentException>(() => builder.Label(Priority.P1, " ")).ParamName);
    }

    [Fact]
    public void ToBuilder_RoundTrip_KeepsCellsAndLabels()
    {
        var copy = PriorityMatrix.Default.ToBuilder().Label(Priority.P5, "Someday").Build();
        Assert.Equal(Priority.P4, copy.GetPriority(Impact.Medium, Urgency.Low));
        Assert.Equal("Critical", copy.GetLabelOrNull(Priority.P1));
        Assert.Equal("Someday", copy.GetLabelOrNull(Priority.P5));
        Assert.Equal("Planning", PriorityMatrix.Default.GetLabelOrNull(Priority.P5));
    }

    [Fact]
    public void OverridePriority_WithReason_IsAnEventAndReassessReturnsToTheMatrix()
    {
        var incident = Open();
        Assert.Equal(Priority.P2, incident.Priority); // High impact, Medium urgency
        Assert.False(incident.PriorityOverridden);

        incident.OverridePriority(Priority.P1, "CEO cannot take orders", At(5), Bob);
        var overridden = Assert.IsType<IncidentKit.Incidents.Events.PriorityChanged>(incident.Events[^1]);
        Assert.True(overridden.IsOverride);
        Assert.Equal("CEO cannot take orders", overridden.Reason);
        Assert.Equal(Priority.P1, incident.Priority);
        Assert.True(incident.PriorityOverridden);
        Assert.Equal(Impact.High, incident.Impact);
        Assert.Equal(Urgency.Medium, incident.Urgency);

        incident.Reassess(Impact.Medium, Urgency.Low, null, At(6), Bob);
        Assert.Equal(Priority.P4, incident.Priority);
        Assert.False(incident.PriorityOverridden);
        Assert.False(((IncidentKit.Incidents.Events.PriorityChanged)incident.Events[^1]).IsOverride);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void OverridePriority_WithoutReason_ThrowsAndRecordsNothing(string? reason)
    {
        var incident = Open();
        var ex = Assert.ThrowsAny<ArgumentException>(() => incident.OverridePriority(Priority.P1, reason!, At(5), Bob));
        Assert.Equal("reason", ex.ParamName);
        Assert.Single(incident.Events);
    }

    [Fact]
    public void Reassess_OutsideACustomMatrix_ThrowsArgumentException()
    {
        var rules = new IncidentRules(priorityMatrix: new PriorityMatrixBuilder(2, 2)
            .Set(new Impact(1), new Urgency(1), Priority.P1).Set(new Impact(1), new Urgency(2), Priority.P2)
            .Set(new Impact(2), new Urgency(1), Priority.P2).Set(new Impact(2), new Urgency(2), Priority.P3).Build());
        var incident = Incident.Open(IncidentId.New(), Tenant, Details() with { Impact = new Impact(1), Urgency = new Urgency(2) }, T0, Alice, rules);
        Assert.Equal(Priority.P2, incident.Priority);
        var ex = Assert.ThrowsAny<ArgumentException>(() => incident.Reassess(new Impact(3), new Urgency(1), null, At(1), Bob));
        Assert.Equal("impact", ex.ParamName);
        Assert.Throws<ArgumentException>(() => Incident.Open(IncidentId.New(), Tenant, Details() with { Impact = new Impact(3) }, T0, Alice, rules));
    }
}
