using System.Collections.Immutable;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents a change made to an on-call schedule at run time: an override or a temporary schedule, with who made it and when.</summary>
/// <remarks>Adjustments are kept in an <see cref="IOnCallAdjustmentStore"/> and applied on top of the configured schedules by
/// <see cref="LiveOnCallRoster"/>, in the order they were added (a later one wins where they overlap), so tonight's override
/// needs no restart. The factories check every field and throw an <see cref="ArgumentException"/> naming it.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class OnCallAdjustment
{
    /// <summary>The longest note an adjustment keeps.</summary>
    public const int MaxNoteLength = 500;

    private OnCallAdjustment(Guid id, ScheduleId schedule, OnCallAdjustmentKind kind, Interval interval, ScheduleOverride? scheduleOverride,
        ImmutableArray<TemporaryShift> shifts, UserId addedBy, Instant addedAt, string? note)
    {
        if (id == Guid.Empty)
        {
            throw new ArgumentException("Expected an adjustment id other than Guid.Empty.", nameof(id));
        }

        if (schedule.Value is null)
        {
            throw new ArgumentException("Expected a schedule id that was set.", nameof(schedule));
        }

        if (!interval.HasStart || !interval.HasEnd || interval.End <= interval.Start)
        {
            throw new ArgumentException($"Expected a bounded interval whose end is after its start, not {interval}.", nameof(interval));
        }

        if (addedBy.Value is null)
        {
            throw new ArgumentException("Expected the user who made the change.", nameof(addedBy));
        }

        if (note is not null)
        {
            if (note.Length > MaxNoteLength)
            {
                throw new ArgumentException($"Expected a note of at most {MaxNoteLength} characters, not {note.Length}.", nameof(note));
            }

            if (note.Any(c => char.IsControl(c) && c is not '\t' and not '\n'))
            {
                throw new ArgumentException("Expected a note without control characters other than tab and newline.", nameof(note));
            }
        }

        Id = id;
        Schedule = schedule;
        Kind = kind;
        Interval = interval;
        Override = scheduleOverride;
        Shifts = shifts.IsDefault ? [] : shifts;
        AddedBy = addedBy;
        AddedAt = addedAt;
        Note = string.IsNullOrWhiteSpace(note) ? null : note;
    }

    /// <summary>Gets the adjustment's unique id.</summary>
    public Guid Id { get; }

    /// <summary>Gets the schedule it changes.</summary>
    public ScheduleId Schedule { get; }

    /// <summary>Gets what it changes.</summary>
    public OnCallAdjustmentKind Kind { get; }

    /// <summary>Gets the interval it applies to.</summary>
    public Interval Interval { get; }

    /// <summary>Gets the override, when <see cref="Kind"/> is <see cref="OnCallAdjustmentKind.Override"/>.</summary>
    public ScheduleOverride? Override { get; }

    /// <summary>Gets the temporary schedule's shifts, when <see cref="Kind"/> is <see cref="OnCallAdjustmentKind.TemporarySchedule"/>; otherwise empty.</summary>
    public ImmutableArray<TemporaryShift> Shifts { get; }

    /// <summary>Gets who made the change.</summary>
    public UserId AddedBy { get; }

    /// <summary>Gets when the change was made.</summary>
    public Instant AddedAt { get; }

    /// <summary>Gets why, if given.</summary>
    public string? Note { get; }

    /// <summary>Gets the users the change puts on call or takes off call (the replaced user of an override included), without duplicates.</summary>
    public IReadOnlyList<UserId> PeopleNamed => Kind == OnCallAdjustmentKind.Override
        ? [.. new[] { Override!.Value.OnCall }.Concat(Override.Value.Replacing is { } r ? [r] : []).Distinct()]
        : [.. Shifts.SelectMany(s => s.Users).Distinct()];

    /// <summary>Returns an override adjustment.</summary>
    /// <param name="id">The adjustment's id (callers choose it, so that a repeated request adds it once).</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="scheduleOverride">The override: a bounded interval, the user on call instead and, optionally, the user replaced.</param>
    /// <param name="addedBy">Who made the change.</param>
    /// <param name="addedAt">When.</param>
    /// <param name="note">Why, at most <see cref="MaxNoteLength"/> characters, or <see langword="null"/>.</param>
    /// <returns>The adjustment.</returns>
    /// <exception cref="ArgumentException">A field is unset or invalid; the exception names it.</exception>
    public static OnCallAdjustment ForOverride(Guid id, ScheduleId schedule, ScheduleOverride scheduleOverride, UserId addedBy, Instant addedAt, string? note = null)
    {
        if (scheduleOverride.OnCall.Value is null)
        {
            throw new ArgumentException("Expected the user who is on call instead (OnCall).", nameof(scheduleOverride));
        }

        if (scheduleOverride.Replacing is { } replaced && (replaced.Value is null || replaced == scheduleOverride.OnCall))
        {
            throw new ArgumentException("Expected the replaced user (Replacing) to be set and to differ from the user on call instead.", nameof(scheduleOverride));
        }

        return new(id, schedule, OnCallAdjustmentKind.Override, scheduleOverride.Interval, scheduleOverride, [], addedBy, addedAt, note);
    }

    /// <summary>Returns a temporary-schedule adjustment: for the interval, the shifts replace the schedule's layers.</summary>
    /// <param name="id">The adjustment's id.</param>
    /// <param name="schedule">The schedule.</param>
    /// <param name="interval">The bounded interval the temporary schedule covers.</param>
    /// <param name="shifts">The shifts, each inside the interval and naming at least one user.</param>
    /// <param name="addedBy">Who made the change.</param>
    /// <param name="addedAt">When.</param>
    /// <param name="note">Why, at most <see cref="MaxNoteLength"/> characters, or <see langword="null"/>.</param>
    /// <returns>The adjustment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="shifts"/> is null.</exception>
    /// <exception cref="ArgumentException">A field is unset or invalid; the exception names it.</exception>
    public static OnCallAdjustment ForTemporarySchedule(Guid id, ScheduleId schedule, Interval interval, IEnumerable<TemporaryShift> shifts, UserId addedBy,
        Instant addedAt, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ImmutableArray<TemporaryShift> list = [.. shifts];
        if (list.IsEmpty)
        {
            throw new ArgumentException("Expected at least one shift.", nameof(shifts));
        }

        foreach (var shift in list)
        {
            if (shift.Users.IsDefaultOrEmpty || shift.Users.Any(u => u.Value is null))
            {
                throw new ArgumentException("Expected every shift to name at least one user, each set.", nameof(shifts));
            }

            if (!shift.Interval.HasStart || !shift.Interval.HasEnd || shift.Interval.End <= shift.Interval.Start
                || !interval.HasStart || !interval.HasEnd || shift.Interval.Start < interval.Start || shift.Interval.End > interval.End)
            {
                throw new ArgumentException($"Expected every shift to be a bounded interval inside {interval}, not {shift.Interval}.", nameof(shifts));
            }
        }

        return new(id, schedule, OnCallAdjustmentKind.TemporarySchedule, interval, null, list, addedBy, addedAt, note);
    }

    /// <summary>Returns the schedule with this adjustment applied on top.</summary>
    /// <param name="schedule">The schedule whose id this adjustment names.</param>
    /// <returns>The adjusted schedule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schedule"/> is null.</exception>
    /// <exception cref="ArgumentException">The schedule is not the one this adjustment names.</exception>
    /// <exception cref="InvalidScheduleException">The adjusted schedule is invalid (the schedule's builder lists why).</exception>
    public OnCallSchedule ApplyTo(OnCallSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Id != Schedule)
        {
            throw new ArgumentException($"The adjustment changes schedule '{Schedule}', not '{schedule.Id}'.", nameof(schedule));
        }

        return AddTo(schedule.ToBuilder()).Build();
    }

    /// <summary>Returns the adjustment's text form, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind == OnCallAdjustmentKind.Override
        ? $"{Schedule}: {Override!.Value.OnCall} on call{(Override.Value.Replacing is { } r ? $" instead of {r}" : string.Empty)} {Interval}"
        : $"{Schedule}: temporary schedule of {Shifts.Length} shift(s) {Interval}";

    internal OnCallScheduleBuilder AddTo(OnCallScheduleBuilder builder) => Kind == OnCallAdjustmentKind.Override
        ? builder.AddOverride(Override!.Value)
        : builder.AddTemporarySchedule(Interval.Start, Interval.End, Shifts);
}
