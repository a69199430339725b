using NodaTime;

namespace IncidentKit.Runbooks;

/// <summary>Describes one step of a runbook: what to do, whether it must be done, how long it should take, and where to read more.</summary>
/// <param name="Text">What to do, on one line.</param>
/// <param name="Required">Whether the step must be completed (or skipped with a note) before the incident can be resolved, when the workflow gates on it.</param>
/// <param name="ExpectedDuration">How long the step should take, if known.</param>
/// <param name="Links">Dashboards, documents and consoles the step refers to, in order.</param>
/// <threadsafety>This type is immutable as long as the list handed in is not changed.</threadsafety>
public sealed record RunbookStep(string Text, bool Required, Duration? ExpectedDuration, IReadOnlyList<Uri> Links)
{
    /// <summary>Returns whether two steps have the same text, requirement, duration and links.</summary>
    /// <param name="other">The other step.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(RunbookStep? other) =>
        other is not null && Text == other.Text && Required == other.Required && ExpectedDuration == other.ExpectedDuration &&
        (Links ?? []).SequenceEqual(other.Links ?? []);

    /// <summary>Returns a hash code consistent with <see cref="Equals(RunbookStep)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Text, Required, ExpectedDuration, Links?.Count ?? 0);
}
