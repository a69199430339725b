namespace IncidentKit.Escalation;

/// <summary>Represents the policy in force for one escalation, copied onto the incident when the escalation starts.</summary>
/// <remarks>An <see cref="Incidents.Events.EscalationStarted"/> event carries this copy, so editing or deleting the policy later never
/// changes an escalation in flight: the engine reads only the snapshot. See <see cref="EscalationEngine"/> for when a new snapshot is taken.</remarks>
/// <param name="PolicyId">The policy's id.</param>
/// <param name="PolicyVersion">The policy's version when copied.</param>
/// <param name="Name">The policy's display name.</param>
/// <param name="Levels">The levels, in order.</param>
/// <param name="Repeat">The repeat rule.</param>
/// <threadsafety>This type is immutable as long as the lists handed in are not changed.</threadsafety>
public sealed record EscalationPolicySnapshot(string PolicyId, int PolicyVersion, string Name, IReadOnlyList<EscalationLevel> Levels, EscalationRepeat Repeat)
{
    /// <summary>Gets who is paged when a level resolves to nobody (see <see cref="EscalationPolicy.Fallback"/>).</summary>
    /// <value>The default value is an empty list (also for snapshots stored before fallbacks existed).</value>
    public IReadOnlyList<EscalationTarget> Fallback { get; init; } = [];

    /// <summary>Returns whether two snapshots copy the same policy version with the same levels, repeat rule and fallback.</summary>
    /// <param name="other">The other snapshot.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(EscalationPolicySnapshot? other) =>
        other is not null && PolicyId == other.PolicyId && PolicyVersion == other.PolicyVersion && Name == other.Name && Repeat == other.Repeat &&
        (ReferenceEquals(Levels, other.Levels) || (Levels is not null && other.Levels is not null && Levels.SequenceEqual(other.Levels))) &&
        (ReferenceEquals(Fallback, other.Fallback) || (Fallback ?? []).SequenceEqual(other.Fallback ?? []));

    /// <summary>Returns a hash code consistent with <see cref="Equals(EscalationPolicySnapshot)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(PolicyId, PolicyVersion, Levels?.Count ?? 0);
}
