using Ardalis.GuardClauses;

namespace IncidentKit.OnCall;

public sealed partial class OnCallSchedule
{
    /// <summary>Parses a schedule from JSON and builds it with <see cref="OnCallScheduleBuilder"/>, so the builder's validation applies.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The schedule.</returns>
    /// <remarks>
    /// <para>The shape is <c>{ "id": "dba-primary", "timeZone": "Europe/London", "layers": [ { "name": "daily", "participants":
    /// ["alice", "grace"], "start": "2026-03-23T09:00", "turn": "1d", "restrictions": [ { "days": "weekdays", "from": "09:00",
    /// "to": "17:00" } ], "end": null } ], "overrides": [ { "start": "2026-03-28T18:00:00Z", "end": "2026-03-29T09:00:00Z",
    /// "onCall": "bob", "replacing": "alice" } ], "temporary": [ { "start": "…Z", "end": "…Z", "onCall": ["carol"] } ] }</c>.</para>
    /// <para>Layers are listed lowest first, as <see cref="OnCallScheduleBuilder.AddLayer"/> adds them. <c>start</c> and <c>end</c>
    /// of a layer are local date-times in the schedule's zone; <c>turn</c> is a whole number of hours, days or weeks (<c>"12h"</c>,
    /// <c>"1d"</c>, <c>"2w"</c>, see <see cref="RotationLength"/>). A restriction's <c>days</c> is <c>"weekdays"</c>,
    /// <c>"weekends"</c>, <c>"daily"</c>, a weekday name or an array of weekday names; <c>from</c> and <c>to</c> are <c>"HH:mm"</c>
    /// (a <c>to</c> not after <c>from</c> closes the next day, <c>"24:00"</c> is midnight). Override and temporary instants are
    /// ISO-8601 with <c>Z</c> or an offset; <c>replacing</c> may be left out or null to replace whoever is on call.</para>
    /// <para>Property and day names are case-insensitive, comments and trailing commas are allowed, unknown properties are
    /// rejected. A number stands for its text where an id is expected, and null, <c>""</c> or <c>[]</c> for a left-out optional value
    /// (configuration files flatten values that way).</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The JSON is malformed or describes an invalid schedule; every problem is listed with its JSON path.</exception>
    public static OnCallSchedule FromJson(string json) => OnCallScheduleJson.ParseSchedule(Guard.Against.Null(json));
}
