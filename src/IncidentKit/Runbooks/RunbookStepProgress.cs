using NodaTime;

namespace IncidentKit.Runbooks;

/// <summary>Describes one step of an incident's runbook: where it stands, who finished it and how long it took.</summary>
/// <param name="Number">The step's number, from 1.</param>
/// <param name="Text">What the step says to do.</param>
/// <param name="Required">Whether the step is required.</param>
/// <param name="ExpectedDuration">How long it should take, if the runbook says.</param>
/// <param name="State">Open, completed or skipped.</param>
/// <param name="FinishedAt">When it was completed or skipped, if it was.</param>
/// <param name="FinishedBy">Who completed or skipped it, if anyone did.</param>
/// <param name="Note">The note given, if any.</param>
/// <param name="Took">The time from the runbook's attachment, or from the step finished before it (whichever is later), to this
/// step's finish; <see langword="null"/> while open.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookStepProgress(int Number, string Text, bool Required, Duration? ExpectedDuration, RunbookStepState State,
    Instant? FinishedAt, UserId? FinishedBy, string? Note, Duration? Took)
{
    /// <summary>Gets whether the step took longer than expected.</summary>
    public bool Overran => Took is { } took && ExpectedDuration is { } expected && took > expected;
}
