using System.Collections.Immutable;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents one flattened shift of a schedule: who is on call for an interval, and what put them there.</summary>
/// <remarks>Equality compares <see cref="Users"/> by reference, like <see cref="ImmutableArray{T}"/>; compare with <see cref="HasSameOnCall"/> to compare contents.</remarks>
/// <param name="Interval">The interval of the shift, start inclusive and end exclusive.</param>
/// <param name="Users">The users on call, never empty; layers put one user on call, temporary schedules one or more.</param>
/// <param name="Source">The layer, temporary schedule or override that produced the shift.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct OnCallShift(Interval Interval, ImmutableArray<UserId> Users, ShiftSource Source)
{
    /// <summary>Returns whether another shift has the same source and the same users in the same order.</summary>
    /// <param name="other">The other shift.</param>
    /// <returns>True when source and users match, whatever the intervals.</returns>
    public bool HasSameOnCall(OnCallShift other) =>
        Source == other.Source && Users.AsSpan().SequenceEqual(other.Users.AsSpan());
}
