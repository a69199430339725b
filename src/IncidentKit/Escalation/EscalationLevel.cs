using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Represents one level of an escalation policy: who is notified, of which kind, and how long to wait before the next level.</summary>
/// <remarks>
/// <para>Levels are numbered from 1 in the order of the policy. After <see cref="Delay"/> without an acknowledgement the walk
/// moves to <see cref="JumpTo"/> when set, else to the next level; after the last level the policy's <see cref="EscalationRepeat"/>
/// decides whether another round starts.</para>
/// <para>A zero delay means "notify the next level at the same instant"; it is refused by <see cref="EscalationPolicyBuilder.Build"/>
/// unless <see cref="AllowZeroDelay"/> says it is meant. This type is plain data (it is also part of the snapshot an
/// escalation carries); the policy builder validates it.</para>
/// </remarks>
/// <param name="Targets">Who is notified.</param>
/// <param name="Delay">How long to wait for an acknowledgement before the next level.</param>
/// <param name="Kind">Functional (a higher tier) or hierarchical (management).</param>
/// <param name="JumpTo">The level (1-based) to continue at instead of the next one, if any.</param>
/// <param name="AllowZeroDelay">Whether a zero <paramref name="Delay"/> is intended.</param>
/// <threadsafety>This type is immutable as long as the target list handed in is not changed.</threadsafety>
public sealed record EscalationLevel(IReadOnlyList<EscalationTarget> Targets, Duration Delay, EscalationKind Kind, int? JumpTo = null, bool AllowZeroDelay = false)
{
    /// <summary>Returns whether two levels have the same targets (in order), delay, kind, jump and zero-delay flag.</summary>
    /// <param name="other">The other level.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(EscalationLevel? other) =>
        other is not null && Delay == other.Delay && Kind == other.Kind && JumpTo == other.JumpTo && AllowZeroDelay == other.AllowZeroDelay &&
        (ReferenceEquals(Targets, other.Targets) || (Targets is not null && other.Targets is not null && Targets.SequenceEqual(other.Targets)));

    /// <summary>Returns a hash code consistent with <see cref="Equals(EscalationLevel)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Delay, Kind, JumpTo, AllowZeroDelay, Targets?.Count ?? 0);
}
