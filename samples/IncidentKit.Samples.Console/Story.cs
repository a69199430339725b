using NodaTime;

namespace IncidentKit.Samples.Console;

/// <summary>The story's cast and calendar.</summary>
internal static class Story
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    public static readonly TenantId Tenant = new("acme");
    public static readonly UserId Monitoring = new("system:monitoring");
    public static readonly UserId Alice = new("alice");
    public static readonly UserId Grace = new("grace");
    public static readonly UserId Bob = new("bob");
    public static readonly UserId Carol = new("carol");
    public static readonly UserId Dave = new("dave");

    public static Instant At(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneLeniently(London).ToInstant();
}
