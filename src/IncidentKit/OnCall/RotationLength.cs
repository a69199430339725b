using Ardalis.GuardClauses;

namespace IncidentKit.OnCall;

/// <summary>Represents the length of one participant's turn in a rotation, in local wall-clock units.</summary>
/// <remarks>
/// A turn is counted on the schedule zone's wall clock, not in elapsed time: a daily turn that hands off at 09:00
/// hands off at 09:00 local on every day, so it lasts 23 or 25 hours (23.5 or 24.5 in Australia/Lord_Howe) across a
/// daylight saving transition, and a weekly turn is exactly 7 local days (167 or 169 hours across a one-hour shift).
/// An hours-based turn counts local wall-clock hours from the rotation start: a 12-hour turn starting at 08:00 hands
/// off at 08:00 and 20:00 local every day. The default value has a count of zero and is refused by the schedule builder.
/// </remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct RotationLength
{
    private const int MaxHours = 24 * 7 * 53 * 10;

    private RotationLength(RotationUnit unit, int count)
    {
        Unit = unit;
        Count = count;
    }

    /// <summary>Gets the unit in which the turn is counted.</summary>
    public RotationUnit Unit { get; }

    /// <summary>Gets the number of units in one turn.</summary>
    public int Count { get; }

    /// <summary>Returns a turn of a number of local wall-clock hours.</summary>
    /// <param name="count">The number of hours, from 1 to 89 040 (about ten years).</param>
    /// <returns>The turn length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero, negative or too large.</exception>
    public static RotationLength Hours(int count) => new(RotationUnit.Hours, Check(count, 1));

    /// <summary>Returns a turn of a number of local days, each handing off at the same local time.</summary>
    /// <param name="count">The number of days, from 1 to 3 710 (about ten years).</param>
    /// <returns>The turn length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero, negative or too large.</exception>
    public static RotationLength Days(int count) => new(RotationUnit.Days, Check(count, 24));

    /// <summary>Returns a turn of a number of weeks of exactly 7 local days each.</summary>
    /// <param name="count">The number of weeks, from 1 to 530 (about ten years).</param>
    /// <returns>The turn length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is zero, negative or too large.</exception>
    public static RotationLength Weeks(int count) => new(RotationUnit.Weeks, Check(count, 24 * 7));

    /// <summary>Returns the turn length in local wall-clock hours.</summary>
    /// <returns>The number of local hours in one turn (24 per day).</returns>
    public long ToLocalHours() => Unit switch
    {
        RotationUnit.Hours => Count,
        RotationUnit.Days => Count * 24L,
        RotationUnit.Weeks => Count * 24L * 7,
        _ => 0,
    };

    /// <summary>Returns a readable form such as <c>2 weeks</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Count == 0 ? "0 (unset)" : $"{Count} {Unit.ToString().ToLowerInvariant()}";

    private static int Check(int count, int hoursPerUnit)
    {
        Guard.Against.OutOfRange(count, nameof(count), 1, MaxHours / hoursPerUnit,
            $"A turn length must be a positive whole number of units, at most {MaxHours / hoursPerUnit}.");
        return count;
    }
}
