using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Tests.OnCall;

/// <summary>
/// Answers "who is on call" from first principles, for property tests and benchmarks: every handoff is enumerated
/// turn by turn from the rotation start with <see cref="LocalDateTime.PlusHours"/>, every restriction window day by
/// day, and each local time is mapped with <see cref="DateTimeZone.MapLocal"/> (the earlier of two occurrences, or the
/// transition instant when the time is skipped). It reads the schedule's configuration, never its answers.
/// </summary>
internal sealed class NaiveScheduleOracle
{
    private readonly OnCallSchedule _schedule;
    private readonly LayerTimeline[] _layers;

    internal NaiveScheduleOracle(OnCallSchedule schedule, Instant from, Instant to)
    {
        _schedule = schedule;
        _layers = [.. schedule.Layers.Select(l => new LayerTimeline(l, schedule.Zone, from, to))];
    }

    internal static Instant Map(DateTimeZone zone, LocalDateTime local)
    {
        var mapping = zone.MapLocal(local);
        return mapping.Count == 0 ? mapping.LateInterval.Start : mapping.First().ToInstant();
    }

    internal UserId[] At(Instant t)
    {
        UserId[] users = [];
        bool inTemporary = false;
        for (int i = _schedule.TemporarySchedules.Length - 1; i >= 0 && !inTemporary; i--)
        {
            var temp = _schedule.TemporarySchedules[i];
            if (temp.Interval.Start <= t && t < temp.Interval.End)
            {
                inTemporary = true;
                users = [.. temp.Shifts.Where(s => s.Interval.Start <= t && t < s.Interval.End).SelectMany(s => s.Users)];
            }
        }

        if (!inTemporary)
        {
            for (int i = _layers.Length - 1; i >= 0; i--)
            {
                if (_layers[i].At(t) is { } user)
                {
                    users = [user];
                    break;
                }
            }
        }

        foreach (var o in _schedule.Overrides)
        {
            if (t < o.Interval.Start || t >= o.Interval.End)
            {
                continue;
            }

            if (o.Replacing is null)
            {
                users = [o.OnCall];
            }
            else if (users.Contains(o.Replacing.Value))
            {
                users = [.. users.Select(u => u == o.Replacing.Value ? o.OnCall : u).Distinct()];
            }
        }

        return users;
    }

    private sealed class LayerTimeline
    {
        private readonly ScheduleLayer _layer;
        private readonly Instant _start;
        private readonly Instant? _end;
        private readonly List<Instant> _handoffs = [];
        private readonly List<(Instant Start, Instant End)> _windows = [];

        internal LayerTimeline(ScheduleLayer layer, DateTimeZone zone, Instant from, Instant to)
        {
            _layer = layer;
            _start = Map(zone, layer.RotationStart);
            _end = layer.End is { } e ? Map(zone, e) : null;
            long hours = layer.TurnLength.Unit switch
            {
                RotationUnit.Hours => layer.TurnLength.Count,
                RotationUnit.Days => 24L * layer.TurnLength.Count,
                _ => 24L * 7 * layer.TurnLength.Count,
            };
            for (long k = 0; ; k++)
            {
                var h = Map(zone, layer.RotationStart.PlusHours(k * hours));
                _handoffs.Add(h);
                if (h > to)
                {
                    break;
                }
            }

            for (var date = from.InZone(zone).Date.PlusDays(-3); date <= to.InZone(zone).Date.PlusDays(1); date = date.PlusDays(1))
            {
                foreach (var w in layer.Restrictions.Where(w => w.Day == date.DayOfWeek))
                {
                    var endDate = w.End > w.Start ? date : date.PlusDays(1);
                    _windows.Add((Map(zone, date + w.Start), Map(zone, endDate + w.End)));
                }
            }
        }

        internal UserId? At(Instant t)
        {
            if (t < _start || (_end is { } e && t >= e))
            {
                return null;
            }

            if (!_layer.Restrictions.IsEmpty && !_windows.Any(w => w.Start <= t && t < w.End))
            {
                return null;
            }

            // The turn in progress is the last one whose handoff has happened; empty turns (equal handoffs) are passed over.
            int i = _handoffs.BinarySearch(t);
            int k = i >= 0 ? i : ~i - 1;
            while (k + 1 < _handoffs.Count && _handoffs[k + 1] <= t)
            {
                k++;
            }

            return _layer.Participants[k % _layer.Participants.Length];
        }
    }
}
