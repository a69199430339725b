using IncidentKit.Reporting;
using NodaTime;

namespace IncidentKit.Tests.Reporting;

public sealed class DurationStatisticsTests
{
    [Fact]
    public void Of_OneToHundredMinutes_NearestRankPercentiles()
    {
        var stats = DurationStatistics.Of(Enumerable.Range(1, 100).Reverse().Select(i => Duration.FromMinutes(i)));

        Assert.Equal(100, stats.Count);
        Assert.Equal(Duration.FromSeconds(3030), stats.Mean);
        Assert.Equal(Duration.FromSeconds(3030), stats.Median);
        Assert.Equal(Duration.FromMinutes(90), stats.P90);
        Assert.Equal(Duration.FromMinutes(99), stats.P99);
    }

    [Fact]
    public void Of_OddCount_MedianIsTheMiddleValue()
    {
        var stats = DurationStatistics.Of([Duration.FromMinutes(7), Duration.FromMinutes(1), Duration.FromMinutes(3)]);

        Assert.Equal(Duration.FromMinutes(3), stats.Median);
        Assert.Equal(Duration.FromMinutes(7), stats.P90);
    }

    [Fact]
    public void Of_Nothing_IsEmpty()
    {
        var stats = DurationStatistics.Of([]);

        Assert.Equal(DurationStatistics.Empty, stats);
        Assert.Equal(0, stats.Count);
        Assert.Null(stats.Mean);
        Assert.Null(stats.P99);
    }
}
