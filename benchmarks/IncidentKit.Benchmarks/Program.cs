using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is reachable: `dotnet run -c Release -- --filter '*Calendar*'`.
// Classes whose answers can be wrong validate a sample of their inputs in [GlobalSetup] and refuse to run
// (throw) when the fast path disagrees with its oracle, so no wrong answer is ever timed.
// `-- contention [writers] [commands]` runs the measured contention harness of issue 15 instead (Incidents/ContentionHarness.cs).
if (args is ["contention", ..])
{
    return await IncidentKit.Benchmarks.Incidents.ContentionHarness.RunAsync(args);
}

// `-- simulation-year [runs]` plays a year of 50 teams on the simulator's virtual clock (Simulation/SimulationHarness.cs).
if (args is ["simulation-year", ..])
{
    return IncidentKit.Benchmarks.Simulation.SimulationHarness.Run(args);
}

// `-- report [incidents...]` runs the bounded report harness of issue 11 §5 instead (Reporting/ReportHarness.cs).
if (args is ["report", ..])
{
    return await IncidentKit.Benchmarks.Reporting.ReportHarness.RunAsync(args);
}

// `-- group-save [rounds=N] [saves=N]` times an alert group's save and read in SQLite, whole state against entries (issue 13 §6).
if (args is ["group-save", ..])
{
    return await IncidentKit.Benchmarks.Storage.SqliteGroupSaveHarness.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
