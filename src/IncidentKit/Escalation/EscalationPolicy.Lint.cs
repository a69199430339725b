using System.Globalization;
using Ardalis.GuardClauses;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Escalation;

// Every level has exactly one successor (its jump, the next level, or the repeat's first level after the last one), so the
// walk from level 1 is a path that either ends or runs into one cycle; reachability and loops fall out of that single walk.
public sealed partial class EscalationPolicy
{
    /// <summary>Gets the window <see cref="Lint"/> checks schedules over when none is given: 14 days.</summary>
    public static Duration DefaultLintWindow { get; } = Duration.FromDays(14);

    /// <summary>Returns the legal but suspicious parts of this policy, as data a configuration screen can show.</summary>
    /// <remarks>Checks for unreachable levels, levels without targets, zero-delay loops and walks that can never end; with a resolver,
    /// also schedule targets that are unknown or have nobody on call somewhere in the window. The walk is followed from level 1;
    /// a level reached only because a matrix rule starts there is still reported as unreachable.</remarks>
    /// <param name="from">The start of the window schedules are checked over.</param>
    /// <param name="onCall">The on-call resolver, or <see langword="null"/> to skip the schedule checks.</param>
    /// <param name="window">The window's length; <see langword="null"/> takes <see cref="DefaultLintWindow"/>.</param>
    /// <returns>The problems found, by level; empty when there are none.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive.</exception>
    public IReadOnlyList<EscalationDiagnostic> Lint(Instant from, IOnCallResolver? onCall = null, Duration? window = null)
    {
        var length = window ?? DefaultLintWindow;
        if (length <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), length, "Expected a positive window.");
        }

        var found = new List<EscalationDiagnostic>();
        LintWalk(found);
        for (var i = 0; i < Levels.Count; i++)
        {
            if (Levels[i].Targets.Count == 0)
            {
                found.Add(new(EscalationDiagnosticCode.LevelWithoutTargets, i + 1, $"Level {i + 1} has no target: it notifies nobody."));
            }
        }

        if (onCall is not null)
        {
            LintSchedules(found, onCall, new Interval(from, from + length));
        }

        return found.OrderBy(d => d.Level ?? 0).ThenBy(d => d.Code).ToArray();
    }

    internal bool TryGetSuccessor(int index, out int next, out bool wraps)
    {
        var level = Levels[index];
        wraps = false;
        if (level.JumpTo is { } jump)
        {
            next = jump - 1;
            return true;
        }

        if (index + 1 < Levels.Count)
        {
            next = index + 1;
            return true;
        }

        wraps = true;
        next = Repeat.FromLevel - 1;
        return Repeat.IsForever || Repeat.Count > 0;
    }

    private void LintWalk(List<EscalationDiagnostic> found)
    {
        var order = new int[Levels.Count];
        Array.Fill(order, -1);
        var path = new List<int>();
        var at = 0;
        var cycleStart = -1;
        while (true)
        {
            order[at] = path.Count;
            path.Add(at);
            if (!TryGetSuccessor(at, out var next, out _))
            {
                break;
            }

            if (order[next] >= 0)
            {
                cycleStart = order[next];
                break;
            }

            at = next;
        }

        for (var i = 0; i < Levels.Count; i++)
        {
            if (order[i] < 0)
            {
                found.Add(new(EscalationDiagnosticCode.UnreachableLevel, i + 1,
                    $"Level {i + 1} is never reached: the walk from level 1 passes over it and no repeat comes back to it."));
            }
        }

        if (cycleStart < 0)
        {
            return;
        }

        var cycle = path.Skip(cycleStart).ToArray();
        var total = cycle.Aggregate(Duration.Zero, (sum, i) => sum + Levels[i].Delay);
        var usesRepeat = cycle.Contains(Levels.Count - 1) && Levels[^1].JumpTo is null;
        var first = cycle.Min() + 1;
        var last = cycle.Max() + 1;
        if (total == Duration.Zero)
        {
            found.Add(new(EscalationDiagnosticCode.ZeroDelayLoop, first,
                $"Levels {first} to {last} loop with zero total delay: every pass would fire at the same instant (the engine notifies each level once per instant)."));
        }

        if (!usesRepeat && !Repeat.IsForever)
        {
            var jumper = cycle.First(i => Levels[i].JumpTo is { } j && j - 1 <= i) + 1;
            found.Add(new(EscalationDiagnosticCode.NeverEndingRepeat, jumper,
                $"Level {jumper} jumps back to level {Levels[jumper - 1].JumpTo}, so the walk never ends; use the repeat rule with a count, or RepeatForever to say it is meant."));
        }
        else if (Repeat.IsForever && total == Duration.Zero)
        {
            found.Add(new(EscalationDiagnosticCode.NeverEndingRepeat, first,
                $"The policy repeats forever from level {first} with zero total delay: it can never end and never wait."));
        }
    }

    private void LintSchedules(List<EscalationDiagnostic> found, IOnCallResolver onCall, Interval window)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Levels.Count; i++)
        {
            foreach (var target in Levels[i].Targets)
            {
                if (target.Kind != EscalationTargetKind.Schedule || !seen.Add(target.Value))
                {
                    continue;
                }

                if (!onCall.TryGetGaps(target.Value, window, out var gaps))
                {
                    found.Add(new(EscalationDiagnosticCode.UnknownSchedule, i + 1, $"Level {i + 1} names schedule '{target.Value}', which the on-call resolver does not know."));
                }
                else if (gaps.Count > 0)
                {
                    var uncovered = gaps.Aggregate(Duration.Zero, (sum, g) => sum + g.Duration);
                    found.Add(new(EscalationDiagnosticCode.ScheduleGaps, i + 1, string.Create(CultureInfo.InvariantCulture,
                        $"Schedule '{target.Value}' (level {i + 1}) has nobody on call in {gaps.Count} interval{(gaps.Count == 1 ? "" : "s")} ({DurationPattern.Roundtrip.Format(uncovered)} in all) between {window.Start} and {window.End}, the first from {gaps[0].Start} to {gaps[0].End}.")));
                }
            }
        }

        foreach (var target in Fallback)
        {
            if (target.Kind == EscalationTargetKind.Schedule && seen.Add(target.Value) && !onCall.TryGetGaps(target.Value, window, out _))
            {
                found.Add(new(EscalationDiagnosticCode.UnknownSchedule, null, $"The fallback names schedule '{target.Value}', which the on-call resolver does not know."));
            }
        }
    }
}
