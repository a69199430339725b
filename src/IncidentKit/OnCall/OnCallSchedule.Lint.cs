using NodaTime;

namespace IncidentKit.OnCall;

/// <content>Lint: findings about a schedule's configuration over a window, as data for a configuration screen.</content>
public sealed partial class OnCallSchedule
{
    /// <summary>Returns the findings about this schedule over a window: gaps, hidden layers and doubtful overrides.</summary>
    /// <param name="from">The start of the window, inclusive.</param>
    /// <param name="to">The end of the window, exclusive; not before <paramref name="from"/>.</param>
    /// <returns>
    /// The diagnostics in a stable order: each coverage gap (<see cref="ScheduleDiagnosticCodes.CoverageGap"/>, error),
    /// each layer that covers in the window but never wins because higher layers or temporary schedules cover the same
    /// instants (<see cref="ScheduleDiagnosticCodes.HiddenLayer"/>, warning), each override replacing a user who is not a
    /// participant (<see cref="ScheduleDiagnosticCodes.OverrideOfNonParticipant"/>, warning), and each override of a
    /// participant who is never on call while it applies (<see cref="ScheduleDiagnosticCodes.IneffectiveOverride"/>, info).
    /// </returns>
    /// <remarks>A single schedule never double-books anyone, because only its winning layer pages; use
    /// <see cref="Lint(IEnumerable{OnCallSchedule}, Instant, Instant)"/> to find people on call in two schedules at once.</remarks>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window reaches before 1900 or after 9000.</exception>
    public IReadOnlyList<ScheduleDiagnostic> Lint(Instant from, Instant to)
    {
        CheckWindow(from, to);
        var found = new List<ScheduleDiagnostic>();
        var window = new Interval(from, to);
        foreach (var gap in GapsBetween(from, to))
        {
            found.Add(new ScheduleDiagnostic(Id, ScheduleDiagnosticSeverity.Error, ScheduleDiagnosticCodes.CoverageGap,
                $"No one is on call from {gap.Start} to {gap.End} ({gap.Duration.ToString("H:mm", null)} h).", gap));
        }

        if (from == to)
        {
            return found;
        }

        var covers = new bool[Layers.Length];
        var wins = new bool[Layers.Length];
        var applied = new bool[Overrides.Length];
        var b = Boundaries(from, to);
        foreach (var t in b)
        {
            bool inTemporary = TemporarySchedules.Any(s => s.Interval.Contains(t));
            int top = -1;
            for (int i = 0; i < Layers.Length; i++)
            {
                if (Layers[i].IsActive(t))
                {
                    covers[i] = true;
                    top = i;
                }
            }

            if (top >= 0 && !inTemporary)
            {
                wins[top] = true;
            }

            Evaluate(t, applied);
        }

        for (int i = 0; i < Layers.Length; i++)
        {
            if (covers[i] && !wins[i])
            {
                found.Add(new ScheduleDiagnostic(Id, ScheduleDiagnosticSeverity.Warning, ScheduleDiagnosticCodes.HiddenLayer,
                    $"Layer '{Layers[i].Name}' never puts anyone on call in the window: higher layers or temporary schedules cover every instant it covers.", window));
            }
        }

        for (int j = 0; j < Overrides.Length; j++)
        {
            var o = Overrides[j];
            if (o.Replacing is not { } replaced || !Overlaps(o.Interval, window))
            {
                continue;
            }

            var clipped = Clip(o.Interval, window);
            if (!Participants.Contains(replaced))
            {
                found.Add(new ScheduleDiagnostic(Id, ScheduleDiagnosticSeverity.Warning, ScheduleDiagnosticCodes.OverrideOfNonParticipant,
                    $"Override {j} replaces '{replaced}', who is not a participant of this schedule, so it never takes effect.", clipped));
            }
            else if (!applied[j])
            {
                found.Add(new ScheduleDiagnostic(Id, ScheduleDiagnosticSeverity.Info, ScheduleDiagnosticCodes.IneffectiveOverride,
                    $"Override {j} replaces '{replaced}', who is never on call while it applies in the window.", clipped));
            }
        }

        return found;
    }

    /// <summary>Returns the findings about several schedules together: each schedule's own findings, then the people on call in two schedules at once.</summary>
    /// <param name="schedules">The schedules, for example all those of one team or one escalation policy.</param>
    /// <param name="from">The start of the window, inclusive.</param>
    /// <param name="to">The end of the window, exclusive; not before <paramref name="from"/>.</param>
    /// <returns>
    /// The findings of <see cref="Lint(Instant, Instant)"/> for each schedule in turn, then one
    /// <see cref="ScheduleDiagnosticCodes.DoubleBooked"/> warning per user, pair of schedules and maximal interval during
    /// which that user is on call in both; it is reported against the first schedule of the pair and names the second.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedules"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>, or two schedules have the same id.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window reaches before 1900 or after 9000.</exception>
    public static IReadOnlyList<ScheduleDiagnostic> Lint(IEnumerable<OnCallSchedule> schedules, Instant from, Instant to)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var list = schedules.ToList();
        if (list.Select(s => s.Id).Distinct().Count() != list.Count)
        {
            throw new ArgumentException("Each schedule may be linted only once; two schedules have the same id.", nameof(schedules));
        }

        var found = new List<ScheduleDiagnostic>();
        var shifts = new List<IReadOnlyList<OnCallShift>>();
        foreach (var s in list)
        {
            found.AddRange(s.Lint(from, to));
            shifts.Add(s.ShiftsBetween(from, to));
        }

        for (int a = 0; a < list.Count; a++)
        {
            for (int c = a + 1; c < list.Count; c++)
            {
                found.AddRange(DoubleBookings(list[a], shifts[a], list[c], shifts[c]));
            }
        }

        return found;
    }

    private static IEnumerable<ScheduleDiagnostic> DoubleBookings(OnCallSchedule a, IReadOnlyList<OnCallShift> sa, OnCallSchedule b, IReadOnlyList<OnCallShift> sb)
    {
        var overlaps = new List<(UserId User, Instant Start, Instant End)>();
        int i = 0;
        int j = 0;
        while (i < sa.Count && j < sb.Count)
        {
            var x = sa[i].Interval;
            var y = sb[j].Interval;
            var start = Instant.Max(x.Start, y.Start);
            var end = Instant.Min(x.End, y.End);
            if (start < end)
            {
                foreach (var u in sa[i].Users)
                {
                    if (sb[j].Users.Contains(u))
                    {
                        overlaps.Add((u, start, end));
                    }
                }
            }

            if (x.End <= y.End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        foreach (var group in overlaps.GroupBy(o => o.User))
        {
            Instant? runStart = null;
            Instant runEnd = default;
            foreach (var (_, start, end) in group.OrderBy(o => o.Start))
            {
                if (runStart is not null && start == runEnd)
                {
                    runEnd = end;
                    continue;
                }

                if (runStart is { } rs)
                {
                    yield return DoubleBooked(a, b, group.Key, new Interval(rs, runEnd));
                }

                runStart = start;
                runEnd = end;
            }

            if (runStart is { } last)
            {
                yield return DoubleBooked(a, b, group.Key, new Interval(last, runEnd));
            }
        }
    }

    private static ScheduleDiagnostic DoubleBooked(OnCallSchedule a, OnCallSchedule b, UserId user, Interval interval) =>
        new(a.Id, ScheduleDiagnosticSeverity.Warning, ScheduleDiagnosticCodes.DoubleBooked,
            $"'{user}' is on call in both '{a.Id}' and '{b.Id}' from {interval.Start} to {interval.End}.", interval);

    private static bool Overlaps(Interval x, Interval y) => x.Start < y.End && y.Start < x.End;

    private static Interval Clip(Interval x, Interval window) => new(Instant.Max(x.Start, window.Start), Instant.Min(x.End, window.End));
}
