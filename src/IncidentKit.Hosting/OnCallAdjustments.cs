using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.Hosting;

/// <summary>Changes who is on call at run time: adds and removes overrides and temporary schedules, and swaps shifts, without a
/// restart; escalation honours each change from its next step, and the people involved get a handoff notice.</summary>
/// <remarks>
/// <para>Each change is stored first (<see cref="IOnCallAdjustmentStore"/>: the host's SQL store when one is chosen, so it
/// survives a restart and every node sees it), then applied to this node's <see cref="LiveOnCallRoster"/> at once; other nodes
/// apply it at their next <see cref="RefreshAsync"/>, which the worker runs every poll interval. A change is checked against the
/// schedule before it is stored: an unknown schedule or a change that makes the schedule invalid is refused with an
/// <see cref="ArgumentException"/> naming the schedule and what is wrong.</para>
/// <para>Handoff notices (<see cref="OnCallHandoffNotices"/>) go to whoever the change puts on call and whoever it relieves, on
/// the fallback plan's channels, through the notification dispatcher when one is added (<c>AddNotifications()</c>); they are
/// queued in this process, so a crash before the dispatcher's next pass loses them (the change itself is stored).</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class OnCallAdjustments
{
    private readonly IOnCallAdjustmentStore _store;
    private readonly NotificationComposer _composer;
    private readonly IClock _clock;
    private readonly OnCallHandoffQueue _handoffs;

    internal OnCallAdjustments(IOnCallAdjustmentStore store, LiveOnCallRoster roster, NotificationComposer composer, IClock clock, OnCallHandoffQueue handoffs)
    {
        _store = store;
        Roster = roster;
        _composer = composer;
        _clock = clock;
        _handoffs = handoffs;
    }

    /// <summary>Gets the roster escalation resolves through: the configured schedules with the adjustments applied.</summary>
    public LiveOnCallRoster Roster { get; }

    /// <summary>Gets or sets the tenant handoff notices are sent for.</summary>
    /// <value>The default value is <see cref="TenantId.Default"/>.</value>
    public TenantId NoticeTenant { get; set; } = TenantId.Default;

    /// <summary>Puts another user on call instead, for an interval.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="scheduleOverride">The override: the interval, who is on call instead and, optionally, whom they replace.</param>
    /// <param name="by">Who makes the change.</param>
    /// <param name="note">Why, or <see langword="null"/>.</param>
    /// <param name="id">The change's id, to make a retried request idempotent; <see langword="null"/> makes a new one.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The change as stored.</returns>
    /// <exception cref="ArgumentException">The schedule is unknown, a field is invalid, the change makes the schedule invalid, or
    /// <paramref name="id"/> names another change.</exception>
    public Task<OnCallAdjustment> AddOverrideAsync(ScheduleId schedule, ScheduleOverride scheduleOverride, UserId by, string? note = null, Guid? id = null,
        CancellationToken cancellationToken = default) =>
        AddAsync(OnCallAdjustment.ForOverride(id ?? Guid.NewGuid(), schedule, scheduleOverride, by, _clock.GetCurrentInstant(), note), cancellationToken);

    /// <summary>Replaces a schedule's rotation for an interval with the shifts given.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="interval">The interval the temporary schedule covers.</param>
    /// <param name="shifts">The shifts, inside the interval.</param>
    /// <param name="by">Who makes the change.</param>
    /// <param name="note">Why, or <see langword="null"/>.</param>
    /// <param name="id">The change's id, to make a retried request idempotent; <see langword="null"/> makes a new one.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The change as stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shifts"/> is null.</exception>
    /// <exception cref="ArgumentException">The schedule is unknown, a field is invalid, the change makes the schedule invalid, or
    /// <paramref name="id"/> names another change.</exception>
    public Task<OnCallAdjustment> AddTemporaryScheduleAsync(ScheduleId schedule, Interval interval, IEnumerable<TemporaryShift> shifts, UserId by,
        string? note = null, Guid? id = null, CancellationToken cancellationToken = default) =>
        AddAsync(OnCallAdjustment.ForTemporarySchedule(id ?? Guid.NewGuid(), schedule, interval, shifts, by, _clock.GetCurrentInstant(), note), cancellationToken);

    /// <summary>Swaps two people's shifts: <paramref name="second"/> covers <paramref name="first"/> during <paramref name="firstShift"/>, and
    /// <paramref name="first"/> covers <paramref name="second"/> during <paramref name="secondShift"/>.</summary>
    /// <param name="schedule">The schedule.</param>
    /// <param name="first">One person.</param>
    /// <param name="firstShift">The interval of the first person's shift that the second takes.</param>
    /// <param name="second">The other person.</param>
    /// <param name="secondShift">The interval of the second person's shift that the first takes.</param>
    /// <param name="by">Who makes the change.</param>
    /// <param name="note">Why, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The two overrides stored, in that order.</returns>
    /// <exception cref="ArgumentException">The schedule is unknown, a field is invalid, or the people are the same.</exception>
    public async Task<IReadOnlyList<OnCallAdjustment>> SwapShiftsAsync(ScheduleId schedule, UserId first, Interval firstShift, UserId second, Interval secondShift,
        UserId by, string? note = null, CancellationToken cancellationToken = default)
    {
        if (first == second)
        {
            throw new ArgumentException($"A swap needs two different people, not {first} twice.", nameof(second));
        }

        var now = _clock.GetCurrentInstant();
        var cover = OnCallAdjustment.ForOverride(Guid.NewGuid(), schedule, new ScheduleOverride(firstShift, second, first), by, now, note);
        var back = OnCallAdjustment.ForOverride(Guid.NewGuid(), schedule, new ScheduleOverride(secondShift, first, second), by, now, note);
        Check(cover, back);
        return [await AddAsync(cover, cancellationToken).ConfigureAwait(false), await AddAsync(back, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>Withdraws a change; the schedule applies again for its interval.</summary>
    /// <param name="id">The change's id.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The change withdrawn, or <see langword="null"/> when none has that id.</returns>
    public async Task<OnCallAdjustment?> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var removed = await _store.RemoveAsync(id, cancellationToken).ConfigureAwait(false);
        if (removed is null)
        {
            return null;
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        Notify(removed, removed: true);
        return removed;
    }

    /// <summary>Loads the stored changes and applies them to <see cref="Roster"/>, picking up changes made on other nodes.</summary>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the roster is current.</returns>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        // Changes that ended more than a day ago no longer matter to anyone's on-call question.
        var adjustments = await _store.ListAsync(_clock.GetCurrentInstant() - Duration.FromDays(1), cancellationToken).ConfigureAwait(false);
        Roster.Apply(adjustments);
    }

    private async Task<OnCallAdjustment> AddAsync(OnCallAdjustment adjustment, CancellationToken cancellationToken)
    {
        Check(adjustment);
        var added = await _store.AddAsync(adjustment, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (added)
        {
            Notify(adjustment, removed: false);
        }

        return adjustment;
    }

    // Applying to the schedule as it stands (with the changes in force) refuses what its builder would refuse, before storing.
    // The exceptions name the public methods' parameter, 'schedule'.
#pragma warning disable CA2208
    private void Check(params OnCallAdjustment[] adjustments)
    {
        foreach (var adjustment in adjustments)
        {
            if (!Roster.Current.TryGetSchedule(adjustment.Schedule, out var schedule))
            {
                throw new ArgumentException(
                    $"No schedule is named '{adjustment.Schedule}'; known schedules: {string.Join(", ", Roster.Configured.Schedules.Keys.Order(StringComparer.Ordinal))}.",
                    "schedule");
            }

            try
            {
                adjustment.ApplyTo(schedule);
            }
            catch (InvalidScheduleException e)
            {
                throw new ArgumentException($"The change makes schedule '{adjustment.Schedule}' invalid: {e.Message}", "schedule", e);
            }
        }
    }
#pragma warning restore CA2208

    private void Notify(OnCallAdjustment adjustment, bool removed)
    {
        var relieved = Roster.Configured.TryGetSchedule(adjustment.Schedule, out var configured)
            ? (IReadOnlyList<UserId>)configured.WhoIsOnCall(adjustment.Interval.Start)
            : [];
        _handoffs.Enqueue(OnCallHandoffNotices.Compose(_composer, NoticeTenant, adjustment, removed, relieved, _clock.GetCurrentInstant()));
    }
}
