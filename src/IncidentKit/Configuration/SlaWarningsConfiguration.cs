namespace IncidentKit.Configuration;

/// <summary>Describes the warning percentages per target kind.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record SlaWarningsConfiguration
{
    /// <summary>Gets the whole percentages (1 to 99) of the response target at which a warning is recorded, e.g. [50, 75, 90].</summary>
    [Expected("an array of whole percentages, e.g. [50, 75, 90]", "a whole percentage")]
    public IReadOnlyList<int>? Response { get; init; }

    /// <summary>Gets the whole percentages (1 to 99) of the resolution target at which a warning is recorded, e.g. [50, 75, 90].</summary>
    [Expected("an array of whole percentages, e.g. [50, 75, 90]", "a whole percentage")]
    public IReadOnlyList<int>? Resolution { get; init; }

    /// <summary>Gets the whole percentages (1 to 99) of the update target at which a warning is recorded, e.g. [50, 75, 90].</summary>
    [Expected("an array of whole percentages, e.g. [50, 75, 90]", "a whole percentage")]
    public IReadOnlyList<int>? Update { get; init; }
}
