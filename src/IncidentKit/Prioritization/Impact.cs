using Ardalis.GuardClauses;

namespace IncidentKit.Prioritization;

/// <summary>Represents how widely an incident hurts the business; level 1 is the widest.</summary>
/// <remarks>Levels run from 1 (highest impact) to the number of impact levels of the <see cref="PriorityMatrix"/> in use.
/// <see cref="High"/>, <see cref="Medium"/> and <see cref="Low"/> name the levels of the default ITIL 3×3 matrix.
/// The default value (level 0) is not a valid impact.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct Impact : IComparable<Impact>
{
    /// <summary>Initializes an impact level.</summary>
    /// <param name="level">The level, 1 (highest) or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is less than 1 or more than 99.</exception>
    public Impact(int level) => Level = Guard.Against.OutOfRange(level, nameof(level), 1, 99);

    /// <summary>Gets the level: 1 is the highest impact.</summary>
    public int Level { get; }

    /// <summary>Gets level 1 of the ITIL 3×3 matrix: widespread (many users or a critical service).</summary>
    public static Impact High { get; } = new(1);

    /// <summary>Gets level 2 of the ITIL 3×3 matrix: a department or a group of users.</summary>
    public static Impact Medium { get; } = new(2);

    /// <summary>Gets level 3 of the ITIL 3×3 matrix: one user or a non-critical service.</summary>
    public static Impact Low { get; } = new(3);

    /// <summary>Compares by level; a lower level (higher impact) sorts first.</summary>
    /// <param name="other">The impact to compare with.</param>
    /// <returns>A negative number when this impact is higher than <paramref name="other"/>, zero when equal, else positive.</returns>
    public int CompareTo(Impact other) => Level.CompareTo(other.Level);

    /// <summary>Returns whether <paramref name="left"/> has a lower level (is higher) than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is lower.</returns>
    public static bool operator <(Impact left, Impact right) => left.Level < right.Level;

    /// <summary>Returns whether <paramref name="left"/> has a higher level than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is higher.</returns>
    public static bool operator >(Impact left, Impact right) => left.Level > right.Level;

    /// <summary>Returns whether <paramref name="left"/> has a level no higher than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is lower or equal.</returns>
    public static bool operator <=(Impact left, Impact right) => left.Level <= right.Level;

    /// <summary>Returns whether <paramref name="left"/> has a level no lower than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is higher or equal.</returns>
    public static bool operator >=(Impact left, Impact right) => left.Level >= right.Level;

    /// <summary>Returns a text such as <c>I1</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"I{Level}";
}
