using IncidentKit.OnCall;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Tests.OnCall;

/// <summary>Parses literal instants and local times, and names the users of on-call tests.</summary>
internal static class OnCallTestData
{
    internal static readonly UserId Alice = new("alice");
    internal static readonly UserId Bob = new("bob");
    internal static readonly UserId Carol = new("carol");
    internal static readonly UserId Dave = new("dave");
    internal static readonly UserId Erin = new("erin");

    internal static Instant I(string text) => InstantPattern.ExtendedIso.Parse(text).Value;

    internal static LocalDateTime L(string text) => LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm").Parse(text).Value;

    internal static DateTimeZone Zone(string id) => DateTimeZoneProviders.Tzdb[id];

    internal static RotationLength Turn(string code) => code[0] switch
    {
        'H' => RotationLength.Hours(int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture)),
        'D' => RotationLength.Days(int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture)),
        'W' => RotationLength.Weeks(int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new ArgumentException($"Unknown turn code {code}.", nameof(code)),
    };
}
