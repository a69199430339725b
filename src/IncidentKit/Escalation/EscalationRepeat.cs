using System.Text.Json.Serialization;
using Ardalis.GuardClauses;

namespace IncidentKit.Escalation;

/// <summary>Represents how often an escalation policy runs again after its last level, and from which level.</summary>
/// <remarks>A repeat is bounded by <see cref="Count"/> unless <see cref="IsForever"/> is set explicitly: nothing repeats without
/// end by accident. The default value is <see cref="None"/>: one pass, no repeat.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct EscalationRepeat
{
    private readonly int _fromIndex;

    /// <summary>Initializes a repeat rule.</summary>
    /// <param name="count">How many further rounds run after the first; 0 for none. Ignored (and must be 0) when <paramref name="isForever"/>.</param>
    /// <param name="fromLevel">The level (1-based) each further round starts at.</param>
    /// <param name="isForever">Whether rounds repeat without end, until acknowledged or resolved.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above 1000, <paramref name="fromLevel"/> is below 1,
    /// or a count is given with <paramref name="isForever"/>.</exception>
    [JsonConstructor]
    public EscalationRepeat(int count, int fromLevel, bool isForever)
    {
        Guard.Against.OutOfRange(count, nameof(count), 0, 1000);
        Guard.Against.OutOfRange(fromLevel, nameof(fromLevel), 1, 64);
        if (isForever && count != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "A repeat forever has no count; give 0.");
        }

        Count = count;
        _fromIndex = fromLevel - 1;
        IsForever = isForever;
    }

    /// <summary>Gets the rule "no repeat": one pass through the levels.</summary>
    public static EscalationRepeat None => default;

    /// <summary>Gets how many further rounds run after the first.</summary>
    public int Count { get; }

    /// <summary>Gets the level (1-based) each further round starts at.</summary>
    public int FromLevel => _fromIndex + 1;

    /// <summary>Gets whether rounds repeat without end, until acknowledged or resolved.</summary>
    public bool IsForever { get; }

    /// <summary>Returns a rule that runs <paramref name="count"/> further rounds.</summary>
    /// <param name="count">How many further rounds, 0 to 1000.</param>
    /// <param name="fromLevel">The level (1-based) each further round starts at.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="fromLevel"/> is out of range.</exception>
    public static EscalationRepeat Times(int count, int fromLevel = 1) => new(count, fromLevel, isForever: false);

    /// <summary>Returns a rule that repeats without end until someone acknowledges or the incident is resolved.</summary>
    /// <param name="fromLevel">The level (1-based) each further round starts at.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromLevel"/> is below 1.</exception>
    public static EscalationRepeat Forever(int fromLevel = 1) => new(0, fromLevel, isForever: true);

    /// <summary>Returns a text such as <c>repeat 3 times from level 2</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() =>
        IsForever ? $"repeat forever from level {FromLevel}" : Count == 0 ? "no repeat" : $"repeat {Count} times from level {FromLevel}";
}
