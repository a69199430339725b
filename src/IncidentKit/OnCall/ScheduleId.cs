using Ardalis.GuardClauses;

namespace IncidentKit.OnCall;

/// <summary>Identifies an on-call schedule, for example <c>payments-primary</c>.</summary>
/// <remarks>The default value has a null <see cref="Value"/> and is refused wherever a schedule is required.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ScheduleId
{
    /// <summary>Initializes a schedule identifier.</summary>
    /// <param name="value">Non-empty text of at most 256 characters.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty, white space or longer than 256 characters.</exception>
    public ScheduleId(string value)
    {
        Guard.Against.NullOrWhiteSpace(value);
        Guard.Against.OutOfRange(value.Length, nameof(value), 1, 256, "A schedule id has at most 256 characters.");
        Value = value;
    }

    /// <summary>Gets the schedule's text identifier.</summary>
    public string Value { get; }

    /// <summary>Returns the schedule's text identifier.</summary>
    /// <returns>The identifier.</returns>
    public override string ToString() => Value ?? string.Empty;
}
