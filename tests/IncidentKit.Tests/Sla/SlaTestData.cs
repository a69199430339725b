using IncidentKit.Calendars;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Tests.Sla;

internal static class SlaTestData
{
    public const string OfficeJson = """
        { "timeZone": "Europe/London",
          "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"], "wednesday": ["09:00-17:30"],
                      "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] } }
        """;

    public static readonly BusinessCalendar Office = BusinessCalendar.FromJson(OfficeJson);

    public static readonly IReadOnlyDictionary<string, BusinessCalendar> CalendarsByName =
        new Dictionary<string, BusinessCalendar> { ["office"] = Office };

    /// <summary>P1: response 2h, resolution 8h, update 1h; P3: response 4h, resolution 16h; all on the office calendar.</summary>
    public static SlaPolicy Standard(SlaReopenMode reopen = SlaReopenMode.Restart) => new SlaPolicyBuilder("standard")
        .SetDefaultCalendar("office")
        .SetTarget(Priority.P1, SlaTargetKind.Response, Duration.FromHours(2))
        .SetTarget(Priority.P1, SlaTargetKind.Resolution, Duration.FromHours(8))
        .SetTarget(Priority.P1, SlaTargetKind.Update, Duration.FromHours(1))
        .SetTarget(Priority.P3, SlaTargetKind.Response, Duration.FromHours(4))
        .SetTarget(Priority.P3, SlaTargetKind.Resolution, Duration.FromHours(16))
        .SetReopenMode(reopen)
        .Build();

    /// <summary>P1 and P3: resolution 4h around the clock.</summary>
    public static SlaPolicy Gold() => new SlaPolicyBuilder("gold")
        .SetTarget(Priority.P1, SlaTargetKind.Resolution, Duration.FromHours(4))
        .SetTarget(Priority.P3, SlaTargetKind.Resolution, Duration.FromHours(4))
        .Build();

    public static SlaEngine Engine(SlaReopenMode reopen = SlaReopenMode.Restart, SlaEngineOptions? options = null) =>
        new(new SlaPolicySetBuilder()
                .Add(new SlaPolicyCondition { Category = new("network") }, Gold())
                .SetFallback(Standard(reopen))
                .Build(),
            CalendarsByName, options);

    /// <summary>Returns the UTC instant of a London wall time in summer (BST, UTC+1).</summary>
    public static Instant Bst(int month, int day, int hour, int minute = 0) => Instant.FromUtc(2026, month, day, hour, minute).Minus(Duration.FromHours(1));
}
