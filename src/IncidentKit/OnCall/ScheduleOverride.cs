using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents an override: another user is on call instead of whoever the layers (or a temporary schedule) put on call.</summary>
/// <remarks>
/// Without <see cref="Replacing"/>, the override puts <see cref="OnCall"/> alone on call for the whole interval, even
/// where the layers leave a gap. With <see cref="Replacing"/>, it swaps that user for <see cref="OnCall"/> only while
/// that user is on call, and has no effect elsewhere. Overrides win over layers and temporary schedules; where overrides
/// overlap they apply in the order they were added, so a later one wins.
/// </remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ScheduleOverride
{
    /// <summary>Initializes an override.</summary>
    /// <param name="interval">The bounded interval during which the override applies; its end must be after its start.</param>
    /// <param name="onCall">The user on call instead.</param>
    /// <param name="replacing">The user replaced, or null to replace whoever is on call.</param>
    /// <remarks>The values are checked when the schedule is built, so that all problems are reported together.</remarks>
    public ScheduleOverride(Interval interval, UserId onCall, UserId? replacing = null)
    {
        Interval = interval;
        OnCall = onCall;
        Replacing = replacing;
    }

    /// <summary>Gets the interval during which the override applies.</summary>
    public Interval Interval { get; }

    /// <summary>Gets the user on call instead.</summary>
    public UserId OnCall { get; }

    /// <summary>Gets the user replaced, or null when the override replaces whoever is on call.</summary>
    public UserId? Replacing { get; }
}
