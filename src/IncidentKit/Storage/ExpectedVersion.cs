namespace IncidentKit.Storage;

/// <summary>States the stream version an append expects, for optimistic concurrency.</summary>
/// <remarks>A stream's version is the number of events in it. <see cref="NoIncident"/> (0) expects that the stream does not
/// exist yet; any other value expects exactly that many events. A mismatch throws <see cref="IncidentConcurrencyException"/>.
/// The default value equals <see cref="NoIncident"/>.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ExpectedVersion
{
    /// <summary>Initializes an expected version.</summary>
    /// <param name="value">The number of events expected in the stream, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is negative.</exception>
    public ExpectedVersion(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Value = value;
    }

    /// <summary>Gets the number of events expected in the stream.</summary>
    public long Value { get; }

    /// <summary>Gets the expectation that the incident's stream does not exist yet.</summary>
    public static ExpectedVersion NoIncident { get; } = new(0);

    /// <summary>Returns a text such as <c>v3</c> or <c>no incident</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Value == 0 ? "no incident" : $"v{Value}";
}
