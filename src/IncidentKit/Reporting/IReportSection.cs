namespace IncidentKit.Reporting;

/// <summary>Adds a section to the HTML report, e.g. problem records from problem management.</summary>
/// <remarks>The section's HTML is placed as given inside its own <c>&lt;section&gt;</c>; encode every text with
/// <see cref="ReportHtml.Encode(string)"/>. It must not add scripts or fetch anything: the page is self-contained.</remarks>
public interface IReportSection
{
    /// <summary>Gets the section's heading.</summary>
    string Title { get; }

    /// <summary>Returns the section's HTML for a report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>An HTML fragment (no <c>&lt;script&gt;</c>).</returns>
    string RenderHtml(IncidentMetricsReport report);
}
