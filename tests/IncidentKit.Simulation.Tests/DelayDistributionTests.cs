using IncidentKit.Simulation.Randomness;
using NodaTime;

namespace IncidentKit.Simulation.Tests;

// Responder behaviour is drawn from these (issue 12 §3): each spread must be the one its name promises, in whole seconds.
public sealed class DelayDistributionTests
{
    private const int Draws = 20_001;

    [Fact]
    public void Sample_Uniform_CoversTheRangeEvenlyInWholeSeconds()
    {
        var draws = Sample(DelayDistribution.Uniform(Duration.FromMinutes(2), Duration.FromMinutes(4)), 7);

        Assert.All(draws, d => Assert.Equal(0, d.SubsecondTicks));
        Assert.Equal((120.0, 240.0), (draws.Min(d => d.TotalSeconds), draws.Max(d => d.TotalSeconds)));
        // Mean 180 s; the standard error of 20 001 draws from a 120 s wide uniform is about 0.25 s.
        Assert.InRange(draws.Average(d => d.TotalSeconds), 179, 181);
        // Each half of the range holds about half the draws.
        Assert.InRange(draws.Count(d => d.TotalSeconds < 180) / (double)Draws, 0.48, 0.51);
    }

    [Fact]
    public void Sample_LogNormal_HasItsMedianAndOneSigmaAboveIt()
    {
        var draws = Sample(DelayDistribution.LogNormal(Duration.FromMinutes(4), 0.8), 11);
        var sorted = draws.Select(d => d.TotalSeconds).Order().ToArray();

        Assert.All(draws, d => Assert.Equal(0, d.SubsecondTicks));
        Assert.InRange(sorted[Draws / 2], 240 * 0.97, 240 * 1.03);
        // ln(x) is normal with mean ln(240 s) and sd 0.8, so 15.87 % of draws lie above 240·e^0.8 s and 2.28 % above 240·e^1.6 s.
        Assert.InRange(sorted.Count(s => s > 240 * Math.Exp(0.8)) / (double)Draws, 0.148, 0.170);
        Assert.InRange(sorted.Count(s => s > 240 * Math.Exp(1.6)) / (double)Draws, 0.018, 0.028);
        Assert.True(sorted[0] > 0);
    }

    [Fact]
    public void Sample_FixedOrSigmaZero_AlwaysTheSame()
    {
        Assert.All(Sample(DelayDistribution.Fixed(Duration.FromSeconds(90)), 3), d => Assert.Equal(Duration.FromSeconds(90), d));
        Assert.All(Sample(DelayDistribution.LogNormal(Duration.FromMinutes(4), 0), 3), d => Assert.Equal(Duration.FromMinutes(4), d));
    }

    [Fact]
    public void Sample_SameSeed_SameDraws()
    {
        var spread = DelayDistribution.LogNormal(Duration.FromMinutes(4), 0.8);

        Assert.Equal(Sample(spread, 5), Sample(spread, 5));
        Assert.NotEqual(Sample(spread, 5), Sample(spread, 6));
    }

    [Fact]
    public void Factories_OutOfRange_ThrowNamingTheArgument()
    {
        Assert.Equal("delay", Assert.Throws<ArgumentOutOfRangeException>(() => DelayDistribution.Fixed(Duration.FromSeconds(-1))).ParamName);
        Assert.Equal("max", Assert.Throws<ArgumentOutOfRangeException>(() => DelayDistribution.Uniform(Duration.FromMinutes(4), Duration.FromMinutes(2))).ParamName);
        Assert.Equal("median", Assert.Throws<ArgumentOutOfRangeException>(() => DelayDistribution.LogNormal(Duration.Zero, 0.5)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => DelayDistribution.LogNormal(Duration.FromMinutes(1), 3.5)).ParamName);
        Assert.Equal("sigma", Assert.Throws<ArgumentOutOfRangeException>(() => DelayDistribution.LogNormal(Duration.FromMinutes(1), double.NaN)).ParamName);
    }

    private static Duration[] Sample(DelayDistribution spread, ulong seed)
    {
        var random = new SimulationRandom(seed);
        var draws = new Duration[Draws];
        for (var i = 0; i < draws.Length; i++)
        {
            draws[i] = spread.Sample(ref random);
        }

        return draws;
    }
}
