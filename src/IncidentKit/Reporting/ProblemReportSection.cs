using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.Problems;
using NodaTime.Text;

namespace IncidentKit.Reporting;

/// <summary>Adds the tenant's problem records to the HTML report: the problems open during the period with the most linked
/// incidents first, each with its state, owner, root cause or workaround, and a bar of its incidents.</summary>
/// <remarks>Give the tenant's problems (e.g. <see cref="Storage.IReviewStore.ListProblemsAsync"/>) in
/// <see cref="ReportHtmlOptions.Sections"/>. A problem counts when its audit trail shows it unresolved at some instant of the
/// period (<see cref="Problem.WasUnresolvedDuring"/>); its state shown is its state now. Problems of another tenant than the
/// report's are left out.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class ProblemReportSection : IReportSection
{
    private static readonly LocalDatePattern LongDate = LocalDatePattern.CreateWithInvariantCulture("d MMM uuuu");
    private readonly Problem[] _problems;
    private readonly int _top;

    /// <summary>Initializes the section.</summary>
    /// <param name="problems">The tenant's problem records.</param>
    /// <param name="top">How many problems to show: 1 to 100.</param>
    /// <exception cref="ArgumentNullException"><paramref name="problems"/> is null or holds null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="top"/> is outside 1 to 100.</exception>
    public ProblemReportSection(IEnumerable<Problem> problems, int top = 10)
    {
        Guard.Against.Null(problems);
        _problems = [.. problems];
        if (_problems.Any(p => p is null))
        {
            throw new ArgumentNullException(nameof(problems), "Expected problem records, got a null one.");
        }

        _top = Guard.Against.OutOfRange(top, nameof(top), 1, 100, "Expected 1 to 100 problems.");
    }

    /// <inheritdoc/>
    public string Title => "Problem records";

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    public string RenderHtml(IncidentMetricsReport report)
    {
        Guard.Against.Null(report);
        var o = report.Options;
        var shown = _problems
            .Where(p => p.Tenant == o.Tenant && p.WasUnresolvedDuring(o.Period))
            .OrderByDescending(p => p.Incidents.Count).ThenByDescending(p => p.LastChangedAt).ThenBy(p => p.Id.Value)
            .Take(_top).ToList();
        if (shown.Count == 0)
        {
            return "<p>No problem record was open during the period.</p>\n";
        }

        var most = Math.Max(1, shown[0].Incidents.Count);
        var html = new StringBuilder();
        html.Append("<p>Problem records open during the period, most linked incidents first.</p>\n")
            .Append("<table><thead><tr><th scope=\"col\">Problem</th><th scope=\"col\">State</th><th scope=\"col\">Owner</th><th scope=\"col\">Incidents</th>")
            .Append("<th scope=\"col\">Root cause or workaround</th><th scope=\"col\">Opened</th></tr></thead><tbody>\n");
        foreach (var p in shown)
        {
            var width = (int)Math.Round(100.0 * p.Incidents.Count / most);
            var known = p.RootCause ?? p.Workaround ?? "not known yet";
            html.Append("<tr><th scope=\"row\">").Append(ReportHtml.Encode(p.Title)).Append("</th><td>").Append(StateName(p.State)).Append("</td><td>")
                .Append(ReportHtml.Encode(p.Owner.Value)).Append("</td><td>")
                .Append(CultureInfo.InvariantCulture, $"<svg width=\"104\" height=\"12\" role=\"img\" aria-label=\"{p.Incidents.Count} incidents\"><title>{p.Incidents.Count} incidents</title>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"1\" width=\"{width}\" height=\"10\" fill=\"#4a6fa5\"/></svg> {p.Incidents.Count}</td><td>")
                .Append(ReportHtml.Encode(known.Length <= 200 ? known : string.Concat(known.AsSpan(0, 199), "…"))).Append("</td><td>")
                .Append(LongDate.Format(p.OpenedAt.InZone(o.Zone).Date)).Append("</td></tr>\n");
        }

        return html.Append("</tbody></table>\n").ToString();
    }

    private static string StateName(ProblemState state) => state switch
    {
        ProblemState.Open => "open",
        ProblemState.KnownError => "known error",
        _ => "resolved",
    };
}
