using BenchmarkDotNet.Attributes;
using IncidentKit.Prioritization;

namespace IncidentKit.Benchmarks.Prioritization;

/// <summary>Goal: one impact × urgency lookup in at most 10 ns.</summary>
[MemoryDiagnoser]
public class PriorityLookupBenchmarks
{
    private const int Lookups = 1024;

    // The ITIL table written out, the oracle the matrix is checked against before timing.
    private static readonly int[,] Itil = { { 1, 2, 3 }, { 2, 3, 4 }, { 3, 4, 5 } };

    private readonly Impact[] _impacts = new Impact[Lookups];
    private readonly Urgency[] _urgencies = new Urgency[Lookups];
    private PriorityMatrix _matrix = null!;

    [GlobalSetup]
    public void Setup()
    {
        _matrix = PriorityMatrix.Default;
        var random = new Random(42);
        for (var n = 0; n < Lookups; n++)
        {
            _impacts[n] = new Impact(random.Next(1, 4));
            _urgencies[n] = new Urgency(random.Next(1, 4));
            if (_matrix.GetPriority(_impacts[n], _urgencies[n]).Level != Itil[_impacts[n].Level - 1, _urgencies[n].Level - 1])
            {
                throw new InvalidOperationException($"Lookup {n} disagrees with the ITIL table.");
            }
        }
    }

    /// <summary>Looks up random cells; the figure is per lookup.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public int GetPriority()
    {
        var sum = 0;
        var matrix = _matrix;
        for (var n = 0; n < Lookups; n++)
        {
            sum += matrix.GetPriority(_impacts[n], _urgencies[n]).Level;
        }

        return sum;
    }
}
