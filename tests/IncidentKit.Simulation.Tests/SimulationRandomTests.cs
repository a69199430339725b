using IncidentKit.Simulation.Randomness;

namespace IncidentKit.Simulation.Tests;

public sealed class SimulationRandomTests
{
    [Fact]
    public void SplitMix64_Seed1234567_GivesTheReferenceSequence()
    {
        // The published SplitMix64 test vector (seed 1234567), so the seeding is the algorithm its authors specify.
        var state = 1234567UL;

        Assert.Equal(6457827717110365317UL, SimulationRandom.SplitMix64(ref state));
        Assert.Equal(3203168211198807973UL, SimulationRandom.SplitMix64(ref state));
        Assert.Equal(9817491932198370423UL, SimulationRandom.SplitMix64(ref state));
    }

    [Fact]
    public void NextUInt64_Seed42_GivesXoshiro256StarStarFromSplitMixSeeding()
    {
        // Computed by an independent transcription of the reference C code (xoshiro256** 1.0, state from SplitMix64(42)):
        // a change to the generator changes every drill's output, so it must be deliberate.
        var random = new SimulationRandom(42);

        Assert.Equal(
            [1546998764402558742UL, 6990951692964543102UL, 12544586762248559009UL, 17057574109182124193UL],
            [random.NextUInt64(), random.NextUInt64(), random.NextUInt64(), random.NextUInt64()]);
    }

    [Fact]
    public void NextDouble_ManyDraws_StayInTheHalfOpenUnitInterval()
    {
        var random = new SimulationRandom(7);
        for (var i = 0; i < 100_000; i++)
        {
            var d = random.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999999999);
            Assert.InRange(random.NextOpenDouble(), double.Epsilon, 1.0);
        }
    }
}
