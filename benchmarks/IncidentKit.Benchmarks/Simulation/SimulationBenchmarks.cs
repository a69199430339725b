using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using IncidentKit.Simulation;

namespace IncidentKit.Benchmarks.Simulation;

// A year of alerts for 50 teams (~100 000 incidents) played on the virtual clock and printed. The setup refuses to run when two
// plays of the same seed do not print byte-identical reports, so only a deterministic simulator is ever timed. The bounded
// harness (`-- simulation-year`) prints process CPU time as well, which is what "on one core" means on a shared machine.
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private Scenario _scenario = null!;

    [GlobalSetup]
    public void Setup()
    {
        _scenario = YearScenario.Build();
        var first = Hash(Simulator.Run(_scenario).ToText());
        var second = Hash(Simulator.Run(_scenario).ToText());
        if (first != second)
        {
            throw new InvalidOperationException($"The same seed printed two different reports ({first} vs {second}).");
        }
    }

    [Benchmark(Baseline = true)]
    public int YearOf50Teams() => Simulator.Run(_scenario).ToText().Length;

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
