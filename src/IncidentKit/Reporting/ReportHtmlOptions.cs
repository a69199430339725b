using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Describes how the HTML report is titled and what it adds to the built-in sections.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReportHtmlOptions
{
    /// <summary>Gets the page title.</summary>
    /// <value>The default value is "Incident report".</value>
    public string Title { get; init; } = "Incident report";

    /// <summary>Gets when the report was produced, shown in the footer, or <see langword="null"/> to leave it out.</summary>
    public Instant? GeneratedAt { get; init; }

    /// <summary>Gets sections added after the built-in ones, in order.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<IReportSection> Sections { get; init; } = [];

    /// <summary>Gets how many recurring service and category groups the recurring section lists.</summary>
    /// <value>The default value is 10.</value>
    public int TopRecurring { get; init; } = 10;
}
