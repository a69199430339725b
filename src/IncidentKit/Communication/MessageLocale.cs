using System.Globalization;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Says how a reader wants times shown in a message: in which time zone, and in which culture's words and order.</summary>
/// <remarks>
/// <para><see cref="NotificationComposer"/> renders every time of a message (<c>{at}</c>, <c>{dueAt}</c>, <c>{openedAt}</c>) with
/// the locale of its recipient (<see cref="NotificationComposer.RecipientLocale"/>), else the plan's
/// (<see cref="CommunicationPlan.Locale"/>), else the composer's <see cref="NotificationComposer.DefaultLocale"/> (for example the
/// business calendar's zone), else <see cref="Utc"/>.</para>
/// <para>A time always names its zone, so "10:30" can never be read in the wrong one: with the invariant culture as
/// <c>2026-03-30 10:30 BST (Europe/London)</c> (and <c>2026-03-30 09:30 UTC</c> in UTC); with a named culture in that culture's
/// day name, short date and short time, e.g. <c>Mon 30/03/2026 10:30 BST (Europe/London)</c> for en-GB or
/// <c>Mo 30.03.2026 11:30 CEST (Europe/Berlin)</c> for de-DE.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record MessageLocale
{
    /// <summary>Initializes a locale.</summary>
    /// <param name="zone">The time zone times are shown in.</param>
    /// <param name="culture">The culture whose day names and date and time order are used; <see langword="null"/> takes the invariant culture.</param>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public MessageLocale(DateTimeZone zone, CultureInfo? culture = null)
    {
        Zone = Guard.Against.Null(zone);
        Culture = culture ?? CultureInfo.InvariantCulture;
    }

    /// <summary>Gets the locale that shows times in UTC with the invariant culture, e.g. <c>2026-03-30 09:30 UTC</c>.</summary>
    public static MessageLocale Utc { get; } = new(DateTimeZone.Utc);

    /// <summary>Gets the time zone times are shown in.</summary>
    public DateTimeZone Zone { get; }

    /// <summary>Gets the culture whose day names and date and time order are used.</summary>
    public CultureInfo Culture { get; }

    /// <summary>Returns an instant as the reader reads it: local date and time, the zone's abbreviation and, outside UTC, its id.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The text, e.g. <c>Mon 30/03/2026 10:30 BST (Europe/London)</c>.</returns>
    public string Format(Instant instant)
    {
        var zoned = instant.InZone(Zone);
        var local = zoned.ToDateTimeUnspecified();
        var format = Culture.Equals(CultureInfo.InvariantCulture)
            ? "yyyy'-'MM'-'dd HH':'mm"
            : "ddd " + Culture.DateTimeFormat.ShortDatePattern + " " + Culture.DateTimeFormat.ShortTimePattern;
        var text = local.ToString(format, Culture);
        var abbreviation = Zone.GetZoneInterval(instant).Name;
        if (string.IsNullOrEmpty(abbreviation) || abbreviation == Zone.Id || abbreviation[0] is '+' or '-')
        {
            // Zones without a letter abbreviation (e.g. "+03") get their offset written out.
            abbreviation = "UTC" + zoned.Offset.ToString("m", CultureInfo.InvariantCulture);
        }

        return Zone.Id is "UTC" or "Etc/UTC"
            ? $"{text} UTC"
            : $"{text} {abbreviation} ({Zone.Id})";
    }
}
