using System.Collections.Immutable;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents one shift of a temporary schedule: these users are on call for this interval.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct TemporaryShift
{
    /// <summary>Initializes a temporary shift.</summary>
    /// <param name="interval">The bounded interval of the shift, inside its temporary schedule's interval.</param>
    /// <param name="users">The users on call during the shift; at least one.</param>
    /// <remarks>The values are checked when the schedule is built, so that all problems are reported together.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> is null.</exception>
    public TemporaryShift(Interval interval, IEnumerable<UserId> users)
    {
        ArgumentNullException.ThrowIfNull(users);
        Interval = interval;
        Users = [.. users.Distinct()];
    }

    /// <summary>Gets the interval of the shift.</summary>
    public Interval Interval { get; }

    /// <summary>Gets the users on call during the shift, without duplicates.</summary>
    public ImmutableArray<UserId> Users { get; }
}
