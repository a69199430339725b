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

    // The statistics select their ranks rather than sort; against the definition (sort, then read the ranks) on many shapes:
    // random, few distinct values, all equal, sorted, reversed, and organ-pipe, for every count from 1 to 300.
    public static TheoryData<int> Shapes() => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Of_ManyShapesAndCounts_MatchesSortedNearestRankDefinition(int shape)
    {
        var random = new Random(shape * 7919);
        for (var count = 1; count <= 300; count++)
        {
            var values = Enumerable.Range(0, count).Select(i => shape switch
            {
                0 => random.NextInt64(-1_000_000, 1_000_000_000),
                1 => random.Next(4) * 60_000_000L,
                2 => 42L,
                3 => i * 10L,
                4 => (count - i) * 10L,
                _ => Math.Min(i, count - i) * 10L,
            }).ToArray();

            var stats = DurationStatistics.Of(values.Select(Duration.FromTicks));

            var sorted = values.Order().ToArray();
            long At(int percent) => sorted[Math.Max((int)Math.Ceiling(percent * count / 100.0), 1) - 1];
            var median = count % 2 == 1 ? sorted[count / 2] : (long)(((Int128)sorted[(count / 2) - 1] + sorted[count / 2]) / 2);
            Assert.Equal(count, stats.Count);
            Assert.Equal(Duration.FromTicks((long)(values.Aggregate((Int128)0, (a, v) => a + v) / count)), stats.Mean);
            Assert.Equal(Duration.FromTicks(median), stats.Median);
            Assert.Equal(Duration.FromTicks(At(90)), stats.P90);
            Assert.Equal(Duration.FromTicks(At(99)), stats.P99);
        }
    }
}
