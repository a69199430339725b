namespace IncidentKit.Configuration;

/// <summary>Describes the weekly window a layer covers on some days.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("{ \"days\": ..., \"from\": \"09:00\", \"to\": \"17:00\" }")]
public sealed record OnCallRestrictionConfiguration
{
    /// <summary>Gets the days: "weekdays", "weekends", "daily" or weekday names; a single name stands for a list of one.</summary>
    [ShortForm]
    [Expected("\"weekdays\", \"weekends\", \"daily\", or an array of weekday names", "a weekday name such as \"monday\"")]
    public IReadOnlyList<string>? Days { get; init; }

    /// <summary>Gets the local time the window opens, such as "09:00".</summary>
    [Expected("a local time such as \"09:00\"")]
    public string? From { get; init; }

    /// <summary>Gets the local time the window closes, such as "17:00" ("24:00" for midnight at the end of the day); a window may cross midnight.</summary>
    [Expected("a local time such as \"17:00\"")]
    public string? To { get; init; }
}
