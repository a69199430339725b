namespace IncidentKit.Simulation.Randomness;

// Implementation note: xoshiro256** 1.0 (Blackman and Vigna, 2018; public domain reference at prng.di.unimi.it), seeded by
// SplitMix64 as its authors recommend. It is written out here rather than using System.Random(seed) because that
// constructor's sequence is promised stable across .NET versions only for the legacy subtractive algorithm, and a drill's
// output must stay byte-identical for the same seed whatever runtime replays it. Doubles are the top 53 bits of a draw
// scaled by 2^-53, which is exact; only the log/exp/cos of the log-normal use the platform's maths library.
internal struct SimulationRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SimulationRandom(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    // A stream of its own for one (seed, purpose, a, b, c) key: the draws one responder makes for one page do not depend on
    // how many draws other pages made first, so two configurations that page differently still meet the same people.
    public static SimulationRandom For(ulong seed, ulong purpose, ulong a, ulong b = 0, ulong c = 0)
    {
        var h = seed;
        h = Mix(h ^ Mix(purpose + 0x9E3779B97F4A7C15UL));
        h = Mix(h ^ Mix(a + 0xBF58476D1CE4E5B9UL));
        h = Mix(h ^ Mix(b + 0x94D049BB133111EBUL));
        h = Mix(h ^ Mix(c + 0x2545F4914F6CDD1DUL));
        return new SimulationRandom(h);
    }

    // FNV-1a over UTF-16 code units: a stable string hash (string.GetHashCode is randomised per process).
    public static ulong Hash(string text)
    {
        var h = 14695981039346656037UL;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 1099511628211UL;
        }

        return h;
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    // In [0, 1).
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    // In (0, 1]: safe to take the logarithm of.
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    // A standard normal deviate (Box–Muller, one of the pair).
    public double NextGaussian()
    {
        var u1 = NextOpenDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    // An exponential deviate with the given mean.
    public double NextExponential(double mean) => -Math.Log(NextOpenDouble()) * mean;

    internal static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
