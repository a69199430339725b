using Ardalis.GuardClauses;

namespace IncidentKit.Prioritization;

/// <summary>Represents how quickly an incident must be dealt with; level 1 is the most urgent.</summary>
/// <remarks>Levels run from 1 (most urgent) to the number of urgency levels of the <see cref="PriorityMatrix"/> in use.
/// <see cref="High"/>, <see cref="Medium"/> and <see cref="Low"/> name the levels of the default ITIL 3×3 matrix.
/// The default value (level 0) is not a valid urgency.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct Urgency : IComparable<Urgency>
{
    /// <summary>Initializes an urgency level.</summary>
    /// <param name="level">The level, 1 (highest) or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is less than 1 or more than 99.</exception>
    public Urgency(int level) => Level = Guard.Against.OutOfRange(level, nameof(level), 1, 99);

    /// <summary>Gets the level: 1 is the most urgent.</summary>
    public int Level { get; }

    /// <summary>Gets level 1 of the ITIL 3×3 matrix: the business cannot wait.</summary>
    public static Urgency High { get; } = new(1);

    /// <summary>Gets level 2 of the ITIL 3×3 matrix: work is slowed but continues.</summary>
    public static Urgency Medium { get; } = new(2);

    /// <summary>Gets level 3 of the ITIL 3×3 matrix: a workaround exists.</summary>
    public static Urgency Low { get; } = new(3);

    /// <summary>Compares by level; a lower level (more urgency) sorts first.</summary>
    /// <param name="other">The urgency to compare with.</param>
    /// <returns>A negative number when this urgency is higher than <paramref name="other"/>, zero when equal, else positive.</returns>
    public int CompareTo(Urgency other) => Level.CompareTo(other.Level);

    /// <summary>Returns whether <paramref name="left"/> has a lower level (is more urgent) than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is lower.</returns>
    public static bool operator <(Urgency left, Urgency right) => left.Level < right.Level;

    /// <summary>Returns whether <paramref name="left"/> has a higher level than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is higher.</returns>
    public static bool operator >(Urgency left, Urgency right) => left.Level > right.Level;

    /// <summary>Returns whether <paramref name="left"/> has a level no higher than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is lower or equal.</returns>
    public static bool operator <=(Urgency left, Urgency right) => left.Level <= right.Level;

    /// <summary>Returns whether <paramref name="left"/> has a level no lower than <paramref name="right"/>.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the first level is higher or equal.</returns>
    public static bool operator >=(Urgency left, Urgency right) => left.Level >= right.Level;

    /// <summary>Returns a text such as <c>U1</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"U{Level}";
}
