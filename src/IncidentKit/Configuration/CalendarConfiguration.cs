namespace IncidentKit.Configuration;

/// <summary>Describes a business calendar as configuration holds it: weekly hours, holidays and exceptions in one time zone, or effective-dated versions.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("a JSON object (a calendar or { \"versions\": [...] })", "a calendar object with \"timeZone\"")]
public sealed record CalendarConfiguration
{
    /// <summary>Gets the IANA time zone id the hours are read in, such as "Europe/London"; required unless <see cref="Versions"/> is given.</summary>
    [Expected("a string such as \"Europe/London\"")]
    public string? TimeZone { get; init; }

    /// <summary>Gets the open hours per weekday name ("monday" to "sunday"), each a list of "HH:mm-HH:mm" intervals; an interval may cross midnight.</summary>
    /// <value>The default value is <see langword="null"/>: closed every day.</value>
    [Expected("an object of weekday names to interval lists", "an array of strings", "a string")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Weekly { get; init; }

    /// <summary>Gets the ISO dates (such as "2026-12-25") on which the calendar is closed all day.</summary>
    [Expected("an array of strings", "a string")]
    public IReadOnlyList<string>? Holidays { get; init; }

    /// <summary>Gets the hours of single ISO dates that differ from the weekly hours; an empty list closes the day.</summary>
    [Expected("an object of dates to interval lists", "an array of strings", "a string")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Exceptions { get; init; }

    /// <summary>Gets the effective-dated versions of the calendar, in strictly increasing order; when given, no other property may be.</summary>
    [Expected("a non-empty array of { \"effectiveFrom\": ..., \"calendar\": {...} }", "{ \"effectiveFrom\": ..., \"calendar\": {...} }")]
    public IReadOnlyList<CalendarVersionConfiguration>? Versions { get; init; }
}
