using IncidentKit.Simulation;

// A tabletop exercise and a what-if, all on a virtual clock: nothing here waits, and the same files print the same text.
// `--interactive` waits for Enter between injects, as a facilitator would.
var interactive = args.Contains("--interactive");
var dir = Path.Combine(AppContext.BaseDirectory, "scenarios");
string Read(string name) => File.ReadAllText(Path.Combine(dir, name));
var weekly = SimulationConfiguration.FromJson(Read("weekly.json"));
var followTheSun = SimulationConfiguration.FromJson(Read("follow-the-sun.json"));

// 1. The drill: step through the script, one inject at a time.
var drill = new TabletopExercise(Scenario.FromJson(Read("drill.json"), weekly));
Console.WriteLine($"Tabletop: {drill.Scenario.Name} ({drill.StepCount} injects, notifications to {drill.Scenario.DrillChannel})");
while (!drill.IsFinished)
{
    var step = drill.Step();
    Console.WriteLine($"\n--- inject {step.Number}: {step.Note}");
    foreach (var line in step.Lines.Skip(1))
    {
        Console.WriteLine(line);
    }

    if (interactive && !step.IsLast)
    {
        Console.Write("(Enter for the next inject) ");
        Console.ReadLine();
    }
}

var summary = drill.Finish().Summary;
Console.WriteLine($"\nDrill: {summary.Incidents} exercise incidents, {summary.Pages} pages, p90 time to acknowledge {summary.P90TimeToAcknowledge?.TotalMinutes:0.0} min, {summary.UnreachableSteps} unreachable steps, {summary.SlaBreaches} SLA breaches");

// 2. What-if: a month of payments incidents against both schedules.
Console.WriteLine();
Console.Write(Simulator.Compare(Scenario.FromJson(Read("january.json"), weekly), weekly, followTheSun).ToText());
