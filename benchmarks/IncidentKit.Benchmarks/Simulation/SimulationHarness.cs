using System.Diagnostics;
using System.Globalization;
using IncidentKit.Simulation;

namespace IncidentKit.Benchmarks.Simulation;

// `dotnet run -c Release --project benchmarks/IncidentKit.Benchmarks -- simulation-year [runs]`: plays the year scenario a few
// times in this process and prints, per run, wall time, this process's CPU time (the honest figure on a shared, overloaded
// machine) and the report's SHA-256, then fails unless every hash is the same.
internal static class SimulationHarness
{
    public static int Run(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var scenario = YearScenario.Build();
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        using var process = Process.GetCurrentProcess();
        for (var i = 1; i <= runs; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var report = Simulator.Run(scenario);
            var text = report.ToText();
            wall.Stop();
            process.Refresh();
            var hash = SimulationBenchmarks.Hash(text);
            hashes.Add(hash);
            var s = report.Summary;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {i}: {s.Incidents} incidents, {s.Pages} pages ({s.NightPages} night), {s.SlaBreaches} breaches; wall {wall.Elapsed.TotalSeconds:0.00} s, cpu {(process.TotalProcessorTime - cpu).TotalSeconds:0.00} s; sha256 {hash[..16]}"));
        }

        Console.WriteLine(hashes.Count == 1 ? "byte-identical: yes" : "byte-identical: NO");
        return hashes.Count == 1 ? 0 : 1;
    }
}
