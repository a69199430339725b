using IncidentKit.Prioritization;
using IncidentKit.Tests.TestSupport;

namespace IncidentKit.Tests.Prioritization;

public sealed class PriorityLevelTests
{
    [Fact]
    public void Priority_EqualityAndOrdering_FollowTheLevel()
    {
        ValueTypeAssert.EqualsStruct(Priority.P2, new Priority(2), Priority.P1, Priority.P3, default);
        ValueTypeAssert.CompareToStruct(Priority.P1, new Priority(1), Priority.P2);
        Assert.Equal("P2", Priority.P2.ToString());
    }

    [Fact]
    public void Impact_EqualityAndOrdering_FollowTheLevel()
    {
        ValueTypeAssert.EqualsStruct(Impact.Medium, new Impact(2), Impact.High, Impact.Low, default);
        ValueTypeAssert.CompareToStruct(Impact.High, new Impact(1), Impact.Low);
        Assert.Equal("I3", Impact.Low.ToString());
    }

    [Fact]
    public void Urgency_EqualityAndOrdering_FollowTheLevel()
    {
        ValueTypeAssert.EqualsStruct(Urgency.Low, new Urgency(3), Urgency.High, new Urgency(4), default);
        ValueTypeAssert.CompareToStruct(Urgency.Medium, new Urgency(2), Urgency.Low);
        Assert.Equal("U1", Urgency.High.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-1)]
    public void Constructors_LevelOutOfRange_ThrowNamingLevel(int level)
    {
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new Priority(level)).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new Impact(level)).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() => new Urgency(level)).ParamName);
    }

    [Theory]
    [InlineData("P1", 1)]
    [InlineData("p5", 5)]
    [InlineData("12", 12)]
    [InlineData("P99", 99)]
    public void Parse_ValidText_ReturnsPriority(string text, int level)
    {
        Assert.Equal(new Priority(level), Priority.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("P0")]
    [InlineData("P100")]
    [InlineData("P-1")]
    [InlineData(" P1")]
    [InlineData("Q1")]
    public void Parse_BadText_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => Priority.Parse(text));
    }
}
