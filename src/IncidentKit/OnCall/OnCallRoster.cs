using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Holds a set of on-call schedules by id and answers the escalation engine's on-call questions from them.</summary>
/// <remarks>Escalation policies name schedules by <see cref="ScheduleId"/> text; this roster resolves a schedule target to the
/// people on call at the step's instant, and reports coverage gaps for policy lint.</remarks>
/// <threadsafety>This type is immutable and thread-safe (schedules cache their shifts thread-safely).</threadsafety>
public sealed class OnCallRoster : IOnCallResolver
{
    private readonly FrozenDictionary<string, OnCallSchedule> _schedules;

    /// <summary>Initializes a roster from schedules with distinct ids.</summary>
    /// <param name="schedules">The schedules.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedules"/> is null or holds null.</exception>
    /// <exception cref="ArgumentException">Two schedules share an id.</exception>
    public OnCallRoster(IEnumerable<OnCallSchedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var byId = new Dictionary<string, OnCallSchedule>(StringComparer.Ordinal);
        foreach (var schedule in schedules)
        {
            ArgumentNullException.ThrowIfNull(schedule, nameof(schedules));
            if (!byId.TryAdd(schedule.Id.Value, schedule))
            {
                throw new ArgumentException($"Two schedules share the id '{schedule.Id}'.", nameof(schedules));
            }
        }

        _schedules = byId.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Parses a roster from a JSON array of schedules, each in the shape <see cref="OnCallSchedule.FromJson(string)"/> reads.</summary>
    /// <param name="json">The JSON text: <c>[ { "id": "dba-primary", … }, … ]</c>, or <c>{ "schedules": [ … ] }</c>.</param>
    /// <returns>The roster.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The JSON is malformed, a schedule is invalid or two schedules share an id; every
    /// problem of every schedule is listed with its JSON path.</exception>
    public static OnCallRoster FromJson(string json) => OnCallScheduleJson.ParseRoster(json ?? throw new ArgumentNullException(nameof(json)));

    /// <summary>Gets the schedules, by id.</summary>
    public IReadOnlyDictionary<string, OnCallSchedule> Schedules => _schedules;

    /// <summary>Finds a schedule by id.</summary>
    /// <param name="id">The schedule's id.</param>
    /// <param name="schedule">The schedule when found.</param>
    /// <returns><see langword="true"/> when the roster holds the schedule.</returns>
    public bool TryGetSchedule(ScheduleId id, [NotNullWhen(true)] out OnCallSchedule? schedule) =>
        _schedules.TryGetValue(id.Value ?? string.Empty, out schedule);

    /// <inheritdoc />
    public bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users)
    {
        if (scheduleId is not null && _schedules.TryGetValue(scheduleId, out var schedule))
        {
            users = schedule.WhoIsOnCall(at);
            return true;
        }

        users = null;
        return false;
    }

    /// <inheritdoc />
    public bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps)
    {
        if (scheduleId is not null && _schedules.TryGetValue(scheduleId, out var schedule))
        {
            gaps = schedule.GapsBetween(window.Start, window.End);
            return true;
        }

        gaps = null;
        return false;
    }
}
