using System.Text;

namespace IncidentKit.Reporting;

// The runbook section: one row per step of each runbook version the cohort used, so a team sees which steps are skipped, left
// open or slower than the runbook says (the step timings of issue 12, beside the reviews that show them per incident).
public static partial class ReportHtml
{
    private static string RunbookTable(IncidentMetricsReport r)
    {
        var table = new StringBuilder();
        table.Append("<p>Each step of the runbooks attached to the period's incidents: how often it was completed, skipped or left open, and how long completions took from the step before.</p>\n")
            .Append("<table><thead><tr><th scope=\"col\">Runbook</th><th scope=\"col\">Step</th><th scope=\"col\">Required</th><th scope=\"col\">Expected</th>")
            .Append("<th scope=\"col\">Incidents</th><th scope=\"col\">Completed</th><th scope=\"col\">Skipped</th><th scope=\"col\">Open</th>")
            .Append("<th scope=\"col\">Median</th><th scope=\"col\">p90</th><th scope=\"col\">Over expected</th></tr></thead><tbody>\n");
        foreach (var s in r.RunbookSteps)
        {
            table.Append("<tr><td>").Append(Encode(s.RunbookTitle)).Append(" (").Append(Encode(s.RunbookId)).Append(Invariant, $" v{s.RunbookVersion})</td>")
                .Append("<th scope=\"row\">").Append(Invariant, $"{s.Step}. ").Append(Encode(Shorten(s.Text, 120))).Append("</th>")
                .Append(s.Required ? "<td>required</td>" : "<td>optional</td>")
                .Append(Invariant, $"<td>{FormatDuration(s.ExpectedDuration)}</td><td>{s.Incidents}</td><td>{s.Completed}</td><td>{s.Skipped}</td><td>{s.Open}</td>")
                .Append(Invariant, $"<td>{FormatDuration(s.Took.Median)}</td><td>{FormatDuration(s.Took.P90)}</td><td>{s.Overran}</td></tr>\n");
        }

        return table.Append("</tbody></table>\n").ToString();
    }
}
