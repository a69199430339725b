using System.Collections.Immutable;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Assembles an <see cref="OnCallSchedule"/>: layers, overrides and temporary schedules, validated together by <see cref="Build"/>.</summary>
/// <remarks>Layers are added lowest first: a layer added later wins where it covers.</remarks>
/// <threadsafety>This type is mutable and not safe to use from several threads at once; the schedules it builds are.</threadsafety>
public sealed class OnCallScheduleBuilder
{
    private readonly DateTimeZone? _zone;
    private readonly string? _unknownZoneId;
    private readonly List<LayerSpec> _layers = [];
    private readonly List<OverrideSpec> _overrides = [];
    private readonly List<TemporarySpec> _temporaries = [];

    /// <summary>Initializes a builder for a schedule in a time zone.</summary>
    /// <param name="id">The schedule's identifier.</param>
    /// <param name="zone">The zone whose wall clock the rotations, handoffs and restrictions follow.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is the default value.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public OnCallScheduleBuilder(ScheduleId id, DateTimeZone zone)
    {
        Guard.Against.Null(id.Value, nameof(id), "The schedule id must not be the default value.");
        ArgumentNullException.ThrowIfNull(zone);
        Id = id;
        _zone = zone;
    }

    /// <summary>Initializes a builder for a schedule in a time zone named by its IANA identifier.</summary>
    /// <param name="id">The schedule's identifier.</param>
    /// <param name="zoneId">An IANA time zone identifier such as <c>Europe/London</c>; an unknown one is reported by <see cref="Build"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is the default value, or <paramref name="zoneId"/> is null, empty or white space.</exception>
    public OnCallScheduleBuilder(ScheduleId id, string zoneId)
    {
        Guard.Against.Null(id.Value, nameof(id), "The schedule id must not be the default value.");
        Guard.Against.NullOrWhiteSpace(zoneId);
        Id = id;
        _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        _unknownZoneId = _zone is null ? zoneId : null;
    }

    /// <summary>Gets the identifier of the schedule being built.</summary>
    public ScheduleId Id { get; }

    /// <summary>Adds a rotation layer above the layers added before.</summary>
    /// <param name="name">The layer's name, unique within the schedule.</param>
    /// <param name="participants">The users taking turns, in order; at least one.</param>
    /// <param name="rotationStart">The local date-time at which the first participant's first turn starts (the handoff time of day).</param>
    /// <param name="turnLength">The length of one turn, in local wall-clock units.</param>
    /// <param name="restrictions">Weekly windows outside which the layer does not cover, or null to cover always.</param>
    /// <param name="end">The local date-time at which the layer stops covering, or null to never stop.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Problems with the values are reported by <see cref="Build"/>, all together.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="participants"/> is null.</exception>
    public OnCallScheduleBuilder AddLayer(string name, IEnumerable<UserId> participants, LocalDateTime rotationStart, RotationLength turnLength,
        IEnumerable<WeeklyWindow>? restrictions = null, LocalDateTime? end = null)
    {
        ArgumentNullException.ThrowIfNull(participants);
        _layers.Add(new LayerSpec(name, [.. participants], rotationStart, turnLength, [.. restrictions ?? []], end));
        return this;
    }

    /// <summary>Adds an override: <paramref name="onCall"/> is on call instead of whoever (or instead of <paramref name="replacing"/>) from start to end.</summary>
    /// <param name="start">The instant at which the override starts.</param>
    /// <param name="end">The instant at which it ends; must be after <paramref name="start"/>.</param>
    /// <param name="onCall">The user on call instead.</param>
    /// <param name="replacing">The user replaced, or null to replace whoever is on call (and to cover gaps).</param>
    /// <returns>This builder.</returns>
    /// <remarks>Later overrides win over earlier ones where they overlap. Problems are reported by <see cref="Build"/>.</remarks>
    public OnCallScheduleBuilder AddOverride(Instant start, Instant end, UserId onCall, UserId? replacing = null)
    {
        _overrides.Add(new OverrideSpec(start, end, onCall, replacing));
        return this;
    }

    /// <summary>Adds an override already described as a value.</summary>
    /// <param name="scheduleOverride">The override; its interval must be bounded and non-empty.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Problems are reported by <see cref="Build"/>.</remarks>
    public OnCallScheduleBuilder AddOverride(ScheduleOverride scheduleOverride)
    {
        var i = scheduleOverride.Interval;
        _overrides.Add(new OverrideSpec(i.HasStart ? i.Start : null, i.HasEnd ? i.End : null, scheduleOverride.OnCall, scheduleOverride.Replacing));
        return this;
    }

    /// <summary>Adds a temporary schedule whose shifts replace the layers entirely between start and end.</summary>
    /// <param name="start">The instant at which the temporary schedule starts.</param>
    /// <param name="end">The instant at which it ends; must be after <paramref name="start"/>.</param>
    /// <param name="shifts">The shifts, inside the interval and not overlapping each other; instants covered by none are gaps.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Later temporary schedules win over earlier ones where they overlap. Problems are reported by <see cref="Build"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="shifts"/> is null.</exception>
    public OnCallScheduleBuilder AddTemporarySchedule(Instant start, Instant end, IEnumerable<TemporaryShift> shifts)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        _temporaries.Add(new TemporarySpec(start, end, [.. shifts]));
        return this;
    }

    /// <summary>Adds a temporary schedule that puts the given users on call, and no one else, between start and end.</summary>
    /// <param name="start">The instant at which the temporary schedule starts.</param>
    /// <param name="end">The instant at which it ends; must be after <paramref name="start"/>.</param>
    /// <param name="users">The users on call for the whole interval; at least one.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Problems are reported by <see cref="Build"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="users"/> is null.</exception>
    public OnCallScheduleBuilder AddTemporarySchedule(Instant start, Instant end, params UserId[] users)
    {
        ArgumentNullException.ThrowIfNull(users);
        var shift = start < end ? new TemporaryShift(new Interval(start, end), users) : new TemporaryShift(new Interval(start, start), users);
        _temporaries.Add(new TemporarySpec(start, end, [shift]));
        return this;
    }

    /// <summary>Validates the configuration and returns the immutable schedule.</summary>
    /// <returns>The schedule.</returns>
    /// <exception cref="InvalidScheduleException">The configuration has problems; all of them are listed.</exception>
    public OnCallSchedule Build()
    {
        var problems = new List<string>();
        if (_unknownZoneId is not null)
        {
            problems.Add($"Time zone '{_unknownZoneId}' is unknown; use an IANA time zone id such as 'Europe/London'.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _layers.Count; i++)
        {
            CheckLayer(_layers[i], $"Layer {i} ('{_layers[i].Name}')", names, problems);
        }

        for (int i = 0; i < _overrides.Count; i++)
        {
            var o = _overrides[i];
            string where = $"Override {i}";
            CheckInterval(o.Start, o.End, where, problems);
            if (o.OnCall.Value is null)
            {
                problems.Add($"{where}: the user on call must not be the default UserId.");
            }

            if (o.Replacing is { } r && r.Value is null)
            {
                problems.Add($"{where}: the user replaced must not be the default UserId (pass null to replace whoever is on call).");
            }
            else if (o.Replacing == o.OnCall && o.OnCall.Value is not null)
            {
                problems.Add($"{where}: '{o.OnCall}' cannot replace themself.");
            }
        }

        for (int i = 0; i < _temporaries.Count; i++)
        {
            CheckTemporary(_temporaries[i], $"Temporary schedule {i}", problems);
        }

        if (problems.Count > 0 || _zone is null)
        {
            throw new InvalidScheduleException(Id, problems);
        }

        var zone = _zone;
        var layers = _layers.Select(l => new ScheduleLayer(l.Name, [.. l.Participants], l.RotationStart, l.TurnLength, [.. l.Restrictions], l.End, zone));
        var overrides = _overrides.Select(o => new ScheduleOverride(new Interval(o.Start!.Value, o.End!.Value), o.OnCall, o.Replacing));
        var temporaries = _temporaries.Select(t => new TemporarySchedule(new Interval(t.Start, t.End), [.. t.Shifts.OrderBy(s => s.Interval.Start)]));
        return new OnCallSchedule(Id, zone, [.. layers], [.. overrides], [.. temporaries]);
    }

    internal static OnCallScheduleBuilder From(OnCallSchedule schedule)
    {
        var b = new OnCallScheduleBuilder(schedule.Id, schedule.Zone);
        foreach (var l in schedule.Layers)
        {
            b.AddLayer(l.Name, l.Participants, l.RotationStart, l.TurnLength, l.Restrictions, l.End);
        }

        foreach (var o in schedule.Overrides)
        {
            b.AddOverride(o);
        }

        foreach (var t in schedule.TemporarySchedules)
        {
            b.AddTemporarySchedule(t.Interval.Start, t.Interval.End, t.Shifts);
        }

        return b;
    }

    private void CheckLayer(LayerSpec l, string where, HashSet<string> names, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(l.Name))
        {
            problems.Add($"{where}: the name must not be empty.");
        }
        else if (!names.Add(l.Name))
        {
            problems.Add($"{where}: another layer has the same name; layer names are unique within a schedule.");
        }

        if (l.Participants.Count == 0)
        {
            problems.Add($"{where}: it has no participants; a layer needs at least one.");
        }

        if (l.Participants.Any(p => p.Value is null))
        {
            problems.Add($"{where}: a participant is the default UserId.");
        }

        if (l.TurnLength.Count <= 0)
        {
            problems.Add($"{where}: the turn length must be positive; use RotationLength.Hours, Days or Weeks.");
        }

        if (l.End is { } end && end <= l.RotationStart)
        {
            problems.Add($"{where}: the end {end:uuuu-MM-dd'T'HH:mm} must be after the rotation start {l.RotationStart:uuuu-MM-dd'T'HH:mm}.");
        }
        else if (l.End is { } e && _zone is not null && ScheduleTime.ToInstant(_zone, e) <= ScheduleTime.ToInstant(_zone, l.RotationStart))
        {
            problems.Add($"{where}: the end {e:uuuu-MM-dd'T'HH:mm} falls in the same daylight saving gap as the rotation start, so the layer would never cover.");
        }

        if (l.Restrictions.Any(w => w.Day == IsoDayOfWeek.None))
        {
            problems.Add($"{where}: a restriction is the default WeeklyWindow (no day).");
        }

        if (l.RotationStart.Year is < 1900 or > 9000)
        {
            problems.Add($"{where}: the rotation start must be between the years 1900 and 9000.");
        }
    }

    private static void CheckTemporary(TemporarySpec t, string where, List<string> problems)
    {
        CheckInterval(t.Start, t.End, where, problems);
        if (t.Shifts.Count == 0)
        {
            problems.Add($"{where}: it has no shifts; give at least one.");
        }

        var ordered = t.Shifts.OrderBy(s => s.Interval.HasStart ? s.Interval.Start : Instant.MinValue).ToList();
        for (int j = 0; j < ordered.Count; j++)
        {
            var s = ordered[j];
            if (s.Users.IsDefaultOrEmpty)
            {
                problems.Add($"{where}: shift {j} has no users; a shift needs at least one.");
            }
            else if (s.Users.Any(u => u.Value is null))
            {
                problems.Add($"{where}: shift {j} names the default UserId.");
            }

            if (!s.Interval.HasStart || !s.Interval.HasEnd || s.Interval.Duration <= Duration.Zero)
            {
                problems.Add($"{where}: shift {j} must have a bounded, non-empty interval.");
            }
            else if (t.Start < t.End && (s.Interval.Start < t.Start || s.Interval.End > t.End))
            {
                problems.Add($"{where}: shift {j} ({s.Interval}) lies outside the temporary schedule's interval.");
            }

            if (j > 0 && ordered[j - 1].Interval.HasEnd && s.Interval.HasStart && ordered[j - 1].Interval.End > s.Interval.Start)
            {
                problems.Add($"{where}: shifts overlap at {s.Interval.Start}; a temporary schedule's shifts must not overlap.");
            }
        }
    }

    private static void CheckInterval(Instant? start, Instant? end, string where, List<string> problems)
    {
        if (start is null || end is null)
        {
            problems.Add($"{where}: the interval must have a start and an end.");
        }
        else if (end <= start)
        {
            problems.Add($"{where}: the end {end} must be after the start {start}.");
        }
    }

    private sealed record LayerSpec(string Name, List<UserId> Participants, LocalDateTime RotationStart, RotationLength TurnLength,
        List<WeeklyWindow> Restrictions, LocalDateTime? End);

    private sealed record OverrideSpec(Instant? Start, Instant? End, UserId OnCall, UserId? Replacing);

    private sealed record TemporarySpec(Instant Start, Instant End, List<TemporaryShift> Shifts);
}
