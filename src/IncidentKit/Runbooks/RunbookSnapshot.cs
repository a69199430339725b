namespace IncidentKit.Runbooks;

/// <summary>Represents one version of a runbook as it was attached to an incident; editing the runbook later changes nothing attached.</summary>
/// <param name="Id">The runbook's id, e.g. <c>db-failover</c>.</param>
/// <param name="Version">The runbook's version, from 1.</param>
/// <param name="Title">The runbook's title.</param>
/// <param name="Steps">The steps, in order; step numbers count from 1.</param>
/// <threadsafety>This type is immutable as long as the list handed in is not changed.</threadsafety>
public sealed record RunbookSnapshot(string Id, int Version, string Title, IReadOnlyList<RunbookStep> Steps)
{
    /// <summary>Returns whether two snapshots copy the same runbook version with the same steps.</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(RunbookSnapshot? other) =>
        other is not null && Id == other.Id && Version == other.Version && Title == other.Title && (Steps ?? []).SequenceEqual(other.Steps ?? []);

    /// <summary>Returns a hash code consistent with <see cref="Equals(RunbookSnapshot)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Id, Version, Steps?.Count ?? 0);
}
