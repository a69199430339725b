using System.Globalization;
using System.Text;

namespace IncidentKit.Simulation;

/// <summary>Sets two runs of one scenario side by side: the configuration in force and the one proposed.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class WhatIfComparison
{
    internal WhatIfComparison(SimulationReport baseline, SimulationReport candidate)
    {
        Baseline = baseline;
        Candidate = candidate;
    }

    /// <summary>Gets the run against the configuration in force.</summary>
    public SimulationReport Baseline { get; }

    /// <summary>Gets the run against the configuration proposed.</summary>
    public SimulationReport Candidate { get; }

    /// <summary>Returns the one-line headline, such as <c>night pages 41 → 6, p90 time to acknowledge 7.0 → 4.0 min, breaches 3 → 1</c>.</summary>
    /// <returns>The headline.</returns>
    public string Headline()
    {
        var (a, b) = (Baseline.Summary, Candidate.Summary);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Baseline.Configuration} vs {Candidate.Configuration}: night pages {a.NightPages} → {b.NightPages}, p90 time to acknowledge {SimulationText.Minutes(a.P90TimeToAcknowledge)} → {SimulationText.Minutes(b.P90TimeToAcknowledge)}, breaches {a.SlaBreaches} → {b.SlaBreaches}");
    }

    /// <summary>Returns the comparison as a text table, one measure a row, then the pages per person.</summary>
    /// <returns>The table; the same runs always give the same text.</returns>
    public string ToText()
    {
        var (a, b) = (Baseline.Summary, Candidate.Summary);
        var rows = new List<(string Measure, string Before, string After)>
        {
            ("incidents", N(a.Incidents), N(b.Incidents)),
            ("pages", N(a.Pages), N(b.Pages)),
            ("night pages", N(a.NightPages), N(b.NightPages)),
            ("time to acknowledge, median", SimulationText.Minutes(a.MedianTimeToAcknowledge), SimulationText.Minutes(b.MedianTimeToAcknowledge)),
            ("time to acknowledge, p90", SimulationText.Minutes(a.P90TimeToAcknowledge), SimulationText.Minutes(b.P90TimeToAcknowledge)),
            ("time to resolve, mean", SimulationText.Minutes(a.MeanTimeToResolve), SimulationText.Minutes(b.MeanTimeToResolve)),
            ("SLA breaches", N(a.SlaBreaches), N(b.SlaBreaches)),
            ("escalated past level 1", N(a.EscalatedPastFirstLevel), N(b.EscalatedPastFirstLevel)),
            ("unreachable steps", N(a.UnreachableSteps), N(b.UnreachableSteps)),
        };
        var people = Baseline.People.Select(p => p.Person).Union(Candidate.People.Select(p => p.Person))
            .OrderBy(p => p.Value, StringComparer.Ordinal);
        foreach (var person in people)
        {
            rows.Add(($"pages to {person.Value} (night)", Load(Baseline, person), Load(Candidate, person)));
        }

        var w0 = Math.Max("measure".Length, rows.Max(r => r.Measure.Length));
        var w1 = Math.Max(Baseline.Configuration.Length, rows.Max(r => r.Before.Length));
        var w2 = Math.Max(Candidate.Configuration.Length, rows.Max(r => r.After.Length));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"What-if: {Baseline.Scenario} (seed {Baseline.Seed})\n");
        sb.Append("measure".PadRight(w0)).Append(" | ").Append(Baseline.Configuration.PadLeft(w1)).Append(" | ").Append(Candidate.Configuration.PadLeft(w2)).Append('\n');
        sb.Append(new string('-', w0)).Append("-|-").Append(new string('-', w1)).Append("-|-").Append(new string('-', w2)).Append('\n');
        foreach (var (measure, before, after) in rows)
        {
            sb.Append(measure.PadRight(w0)).Append(" | ").Append(before.PadLeft(w1)).Append(" | ").Append(after.PadLeft(w2)).Append('\n');
        }

        sb.Append(Headline()).Append('\n');
        return sb.ToString();
    }

    private static string Load(SimulationReport report, UserId person) =>
        report.People.FirstOrDefault(p => p.Person == person) is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p.Pages} ({p.NightPages})") : "0 (0)";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
