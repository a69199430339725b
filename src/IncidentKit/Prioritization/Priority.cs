using Ardalis.GuardClauses;

namespace IncidentKit.Prioritization;

/// <summary>Represents an incident's priority; level 1 (P1) is the most pressing.</summary>
/// <remarks>Priorities come from a <see cref="PriorityMatrix"/> (impact × urgency) or a manual override with a reason.
/// Ordering follows pressure: P1 sorts before P2. The default value (level 0) is not a valid priority.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct Priority : IComparable<Priority>
{
    /// <summary>Initializes a priority level.</summary>
    /// <param name="level">The level, 1 (most pressing) to 99.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is less than 1 or more than 99.</exception>
    public Priority(int level) => Level = Guard.Against.OutOfRange(level, nameof(level), 1, 99);

    /// <summary>Gets the level: 1 is the most pressing.</summary>
    public int Level { get; }

    /// <summary>Gets P1, Critical in the ITIL matrix.</summary>
    public static Priority P1 { get; } = new(1);

    /// <summary>Gets P2, High in the ITIL matrix.</summary>
    public static Priority P2 { get; } = new(2);

    /// <summary>Gets P3, Moderate in the ITIL matrix.</summary>
    public static Priority P3 { get; } = new(3);

    /// <summary>Gets P4, Low in the ITIL matrix.</summary>
    public static Priority P4 { get; } = new(4);

    /// <summary>Gets P5, Planning in the ITIL matrix.</summary>
    public static Priority P5 { get; } = new(5);

    /// <summary>Parses a text such as <c>P2</c> or <c>2</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The priority.</returns>
    /// <exception cref="FormatException"><paramref name="text"/> is not a priority.</exception>
    public static Priority Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.StartsWith('P') || text.StartsWith('p') ? text.AsSpan(1) : text.AsSpan();
        return int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 99
            ? new Priority(level)
            : throw new FormatException($"'{text}' is not a priority; expected P1 to P99.");
    }

    /// <summary>Compares by pressure: P1 sorts before P2.</summary>
    /// <param name="other">The priority to compare with.</param>
    /// <returns>A negative number when this priority is more pressing than <paramref name="other"/>, zero when equal, else positive.</returns>
    public int CompareTo(Priority other) => Level.CompareTo(other.Level);

    /// <summary>Returns <see langword="true"/> when <paramref name="left"/> is more pressing than <paramref name="right"/>.</summary>
    /// <param name="left">The first priority.</param>
    /// <param name="right">The second priority.</param>
    /// <returns>Whether the first is more pressing.</returns>
    public static bool operator <(Priority left, Priority right) => left.Level < right.Level;

    /// <summary>Returns <see langword="true"/> when <paramref name="left"/> is less pressing than <paramref name="right"/>.</summary>
    /// <param name="left">The first priority.</param>
    /// <param name="right">The second priority.</param>
    /// <returns>Whether the first is less pressing.</returns>
    public static bool operator >(Priority left, Priority right) => left.Level > right.Level;

    /// <summary>Returns <see langword="true"/> when <paramref name="left"/> is at least as pressing as <paramref name="right"/>.</summary>
    /// <param name="left">The first priority.</param>
    /// <param name="right">The second priority.</param>
    /// <returns>Whether the first is at least as pressing.</returns>
    public static bool operator <=(Priority left, Priority right) => left.Level <= right.Level;

    /// <summary>Returns <see langword="true"/> when <paramref name="left"/> is at most as pressing as <paramref name="right"/>.</summary>
    /// <param name="left">The first priority.</param>
    /// <param name="right">The second priority.</param>
    /// <returns>Whether the first is at most as pressing.</returns>
    public static bool operator >=(Priority left, Priority right) => left.Level >= right.Level;

    /// <summary>Returns a text such as <c>P1</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"P{Level}";
}
