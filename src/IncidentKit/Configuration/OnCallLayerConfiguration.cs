namespace IncidentKit.Configuration;

/// <summary>Describes one rotation layer of an on-call schedule.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a layer object with \"name\", \"participants\", \"start\" and \"turn\"")]
public sealed record OnCallLayerConfiguration
{
    /// <summary>Gets the layer's name, unique in the schedule.</summary>
    [Expected("a layer name")]
    public string? Name { get; init; }

    /// <summary>Gets the user ids who take turns, in order.</summary>
    [Expected("a non-empty array of user ids", "a user id", NumberAsText = true)]
    public IReadOnlyList<string>? Participants { get; init; }

    /// <summary>Gets the local date-time the rotation starts, such as "2026-03-23T09:00", read in the schedule's time zone.</summary>
    [Expected("a local date-time such as \"2026-03-23T09:00\"")]
    public string? Start { get; init; }

    /// <summary>Gets how long each turn lasts: a positive whole number of hours, days or weeks such as "12h", "1d" or "1w".</summary>
    [Expected("a turn length such as \"1d\", \"12h\" or \"1w\"")]
    public string? Turn { get; init; }

    /// <summary>Gets the weekly windows the layer covers; left out for all the time.</summary>
    [Expected("an array of { \"days\": ..., \"from\": \"09:00\", \"to\": \"17:00\" }")]
    public IReadOnlyList<OnCallRestrictionConfiguration>? Restrictions { get; init; }

    /// <summary>Gets the local date-time the layer ends; left out for never.</summary>
    [Expected("a local date-time such as \"2026-03-23T09:00\"")]
    public string? End { get; init; }
}
