using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Summarises one step of one runbook version over a report's incidents: how often it was completed, skipped or left
/// open, and how long it took against what the runbook expects.</summary>
/// <remarks>An incident counts towards the runbook it had attached last (the one its reviews read, <see cref="Runbooks.RunbookProgress"/>).
/// A step's time runs from the runbook's attachment, or from the step finished before it if later, to the step's completion;
/// skipped steps are counted but not timed, since skipping is a decision rather than the work.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookStepReport
{
    /// <summary>Gets the runbook's id.</summary>
    public required string RunbookId { get; init; }

    /// <summary>Gets the runbook's version.</summary>
    public int RunbookVersion { get; init; }

    /// <summary>Gets the runbook's title.</summary>
    public required string RunbookTitle { get; init; }

    /// <summary>Gets the step's number, from 1.</summary>
    public int Step { get; init; }

    /// <summary>Gets what the step says to do.</summary>
    public required string Text { get; init; }

    /// <summary>Gets whether the step is required.</summary>
    public bool Required { get; init; }

    /// <summary>Gets how long the step should take, if the runbook says.</summary>
    public Duration? ExpectedDuration { get; init; }

    /// <summary>Gets the number of the cohort's incidents that had this runbook version attached.</summary>
    public int Incidents { get; init; }

    /// <summary>Gets how many of them completed the step.</summary>
    public int Completed { get; init; }

    /// <summary>Gets how many of them skipped the step.</summary>
    public int Skipped { get; init; }

    /// <summary>Gets how many of them left the step open.</summary>
    public int Open { get; init; }

    /// <summary>Gets the time the completed steps took.</summary>
    public DurationStatistics Took { get; init; } = DurationStatistics.Empty;

    /// <summary>Gets how many completions took longer than <see cref="ExpectedDuration"/>.</summary>
    public int Overran { get; init; }
}
