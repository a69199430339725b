using IncidentKit.Runbooks;

namespace IncidentKit.Reporting;

// The runbook part of a report: per runbook version and step, the counts and the completed steps' times (8 bytes each, like the
// accumulator's other durations). Fed the progress of each cohort incident that had a runbook attached.
internal sealed class RunbookStepTally
{
    private readonly Dictionary<(string Id, int Version), Tally> _byRunbook = [];

    public void Add(RunbookProgress progress)
    {
        var key = (progress.Runbook.Id, progress.Runbook.Version);
        if (!_byRunbook.TryGetValue(key, out var tally))
        {
            _byRunbook[key] = tally = new Tally(progress.Runbook);
        }

        tally.Incidents++;
        foreach (var step in progress.Steps)
        {
            var s = tally.Steps[step.Number - 1];
            switch (step.State)
            {
                case RunbookStepState.Completed:
                    s.Completed++;
                    s.Took.Add(step.Took!.Value.BclCompatibleTicks);
                    s.Overran += step.Overran ? 1 : 0;
                    break;
                case RunbookStepState.Skipped:
                    s.Skipped++;
                    break;
                default:
                    s.Open++;
                    break;
            }
        }
    }

    public RunbookStepReport[] ToReport() =>
    [
        .. _byRunbook
            .OrderBy(p => p.Key.Id, StringComparer.Ordinal).ThenBy(p => p.Key.Version)
            .SelectMany(p => p.Value.Steps.Select((s, i) =>
            {
                var step = p.Value.Runbook.Steps[i];
                return new RunbookStepReport
                {
                    RunbookId = p.Key.Id,
                    RunbookVersion = p.Key.Version,
                    RunbookTitle = p.Value.Runbook.Title,
                    Step = i + 1,
                    Text = step.Text,
                    Required = step.Required,
                    ExpectedDuration = step.ExpectedDuration,
                    Incidents = p.Value.Incidents,
                    Completed = s.Completed,
                    Skipped = s.Skipped,
                    Open = s.Open,
                    Took = DurationStatistics.FromTicks([.. s.Took], s.Took.Count),
                    Overran = s.Overran,
                };
            })),
    ];

    private sealed class Tally(RunbookSnapshot runbook)
    {
        public RunbookSnapshot Runbook { get; } = runbook;

        public int Incidents { get; set; }

        public StepTally[] Steps { get; } = [.. runbook.Steps.Select(_ => new StepTally())];
    }

    private sealed class StepTally
    {
        public List<long> Took { get; } = [];

        public int Completed { get; set; }

        public int Skipped { get; set; }

        public int Open { get; set; }

        public int Overran { get; set; }
    }
}
