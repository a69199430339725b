using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using IncidentKit.Escalation;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Answers the escalation engine's on-call questions from the configured schedules with the run-time adjustments applied on top.</summary>
/// <remarks>
/// <para>The engine asks without I/O, so the adjustments are loaded first (from an <see cref="IOnCallAdjustmentStore"/>) and
/// handed to <see cref="Apply"/>, which swaps in a new <see cref="Current"/> roster at once: an override added through the
/// host's API is honoured by the next escalation step, and other nodes pick it up when they next refresh.</para>
/// <para>Adjustments are applied in the order given (a later one wins where they overlap). One that names a schedule the roster
/// does not hold, or that would make its schedule invalid, is left out and listed in <see cref="Skipped"/>.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe; <see cref="Apply"/> replaces the roster atomically.</threadsafety>
public sealed class LiveOnCallRoster : IOnCallResolver
{
    private readonly Lock _lock = new();
    private volatile Snapshot _snapshot;

    /// <summary>Initializes a live roster over configured schedules, with no adjustments yet.</summary>
    /// <param name="configured">The configured schedules.</param>
    /// <exception cref="ArgumentNullException"><paramref name="configured"/> is null.</exception>
    public LiveOnCallRoster(OnCallRoster configured)
    {
        Configured = configured ?? throw new ArgumentNullException(nameof(configured));
        _snapshot = new Snapshot(configured, [], []);
    }

    /// <summary>Gets the configured schedules, without adjustments.</summary>
    public OnCallRoster Configured { get; }

    /// <summary>Gets the roster in force: the configured schedules with the adjustments applied.</summary>
    public OnCallRoster Current => _snapshot.Roster;

    /// <summary>Gets the adjustments in force, in the order applied.</summary>
    public ImmutableArray<OnCallAdjustment> Adjustments => _snapshot.Applied;

    /// <summary>Gets the adjustments left out by the last <see cref="Apply"/>, with the reason for each.</summary>
    public ImmutableArray<(OnCallAdjustment Adjustment, string Reason)> Skipped => _snapshot.Skipped;

    /// <summary>Replaces the adjustments in force.</summary>
    /// <param name="adjustments">All adjustments to apply, in the order they were added (typically <see cref="IOnCallAdjustmentStore.ListAsync"/>).</param>
    /// <returns>The roster now in force.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="adjustments"/> is null or holds null.</exception>
    public OnCallRoster Apply(IEnumerable<OnCallAdjustment> adjustments)
    {
        ArgumentNullException.ThrowIfNull(adjustments);
        var list = adjustments.ToList();
        if (list.Any(a => a is null))
        {
            throw new ArgumentNullException(nameof(adjustments), "Expected no null adjustment.");
        }

        lock (_lock)
        {
            var current = _snapshot;
            if (current.Applied.Length + current.Skipped.Length == list.Count
                && current.Applied.Concat(current.Skipped.Select(s => s.Adjustment)).Select(a => a.Id).Order().SequenceEqual(list.Select(a => a.Id).Order()))
            {
                // Adjustments are immutable and ids unique, so the same ids mean the same roster.
                return current.Roster;
            }

            var builders = new Dictionary<ScheduleId, (OnCallScheduleBuilder Builder, List<OnCallAdjustment> Added)>();
            var skipped = ImmutableArray.CreateBuilder<(OnCallAdjustment, string)>();
            foreach (var adjustment in list)
            {
                if (!Configured.TryGetSchedule(adjustment.Schedule, out var schedule))
                {
                    skipped.Add((adjustment, $"no schedule is named '{adjustment.Schedule}'"));
                    continue;
                }

                if (!builders.TryGetValue(adjustment.Schedule, out var entry))
                {
                    builders[adjustment.Schedule] = entry = (schedule.ToBuilder(), []);
                }

                adjustment.AddTo(entry.Builder);
                entry.Added.Add(adjustment);
            }

            var schedules = Configured.Schedules.Values.ToDictionary(s => s.Id);
            var applied = new HashSet<Guid>();
            foreach (var (id, (builder, added)) in builders)
            {
                try
                {
                    schedules[id] = builder.Build();
                    applied.UnionWith(added.Select(a => a.Id));
                }
                catch (InvalidScheduleException)
                {
                    // One bad adjustment must not hide the good ones: apply them one by one, keeping those that build.
                    var kept = schedules[id];
                    foreach (var adjustment in added)
                    {
                        try
                        {
                            kept = adjustment.AddTo(kept.ToBuilder()).Build();
                            applied.Add(adjustment.Id);
                        }
                        catch (InvalidScheduleException inner)
                        {
                            skipped.Add((adjustment, inner.Message));
                        }
                    }

                    schedules[id] = kept;
                }
            }

            var roster = new OnCallRoster(schedules.Values);
            _snapshot = new Snapshot(roster, [.. list.Where(a => applied.Contains(a.Id))], skipped.ToImmutable());
            return roster;
        }
    }

    /// <inheritdoc />
    public bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users) =>
        _snapshot.Roster.TryGetOnCall(scheduleId, at, out users);

    /// <inheritdoc />
    public bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps) =>
        _snapshot.Roster.TryGetGaps(scheduleId, window, out gaps);

    private sealed record Snapshot(OnCallRoster Roster, ImmutableArray<OnCallAdjustment> Applied, ImmutableArray<(OnCallAdjustment Adjustment, string Reason)> Skipped);
}
