using Ardalis.GuardClauses;
using IncidentKit.Calendars;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Folds an incident's events into its SLA clocks, and answers which SLA events are due and when.</summary>
/// <remarks>
/// <para>Everything is a pure function of the events, the policy set and the calendars: no clock is read, nothing is cached
/// per incident. The policy is selected by the incident's <em>current</em> priority, category and tenant and applied to the
/// whole history, so a priority change or recategorisation recomputes every clock from the opening: no paused time is lost
/// and nothing is counted twice.</para>
/// <para>Clocks. Response runs from the opening until the first acknowledgement, start of work or resolution. Resolution runs
/// from the opening until resolved; a reopen restarts it (a new cycle from the reopen instant) or continues it (the original
/// clock, leaving out the time spent resolved), as <see cref="SlaPolicy.ReopenMode"/> says. Update cadence runs from the
/// opening, restarts at every status update (see <see cref="SlaEngineOptions.IsStatusUpdate"/>) and at every reopen, and stops
/// at resolution. Pauses are the spells spent in the policy's pausing states; an ongoing one is open, so the due instant
/// is unknown (<see langword="null"/>) until the clock resumes.</para>
/// <para>Events. A warning at p % falls due at the calendar's <c>AddBusinessTime(start, target × p / 100, pauses)</c>, a breach at the
/// due instant; each only if the clock is still counting then (a stop exactly at the due instant is in time). A met falls
/// due when the response or resolution clock stops in time (the update clock records no met: every posted update would be one).
/// Events already recorded on the incident (same target, cycle, kind and percent) are never returned again; events missed
/// while no worker ran are returned once each, at their true instants. A recorded breach is not withdrawn when a later
/// priority change moves the due instant: the clock's status then shows the recomputed truth.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class SlaEngine
{
    private static readonly SlaTargetKind[] Kinds = [SlaTargetKind.Response, SlaTargetKind.Resolution, SlaTargetKind.Update];
    private readonly Dictionary<string, BusinessCalendar> _calendars;
    private readonly Func<IncidentEvent, bool>? _isStatusUpdate;

    /// <summary>Initializes an engine over a policy set and the calendars its targets name.</summary>
    /// <param name="policies">The policies.</param>
    /// <param name="calendars">The calendars by name (names compare ordinally); <see langword="null"/> when every target is 24×7.
    /// Pass long-lived calendar instances: they cache their tables.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="policies"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">A target names a calendar that <paramref name="calendars"/> lacks; every one is listed.</exception>
    public SlaEngine(SlaPolicySet policies, IReadOnlyDictionary<string, BusinessCalendar>? calendars = null, SlaEngineOptions? options = null)
    {
        Policies = Guard.Against.Null(policies);
        _calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var (name, calendar) in calendars ?? new Dictionary<string, BusinessCalendar>())
        {
            _calendars[name] = Guard.Against.Null(calendar, $"{nameof(calendars)}[{name}]");
        }

        _isStatusUpdate = options?.IsStatusUpdate;
        var missing = policies.Policies
            .SelectMany(p => p.AllTargets().Where(t => t.Calendar is not null && !_calendars.ContainsKey(t.Calendar))
                .Select(t => $"Policy '{p.Name}' measures {t.Kind} on calendar '{t.Calendar}', which is not among the calendars given ({string.Join(", ", _calendars.Keys.Order(StringComparer.Ordinal))})."))
            .Distinct()
            .ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationValidationException("SLA engine", missing);
        }
    }

    /// <summary>Gets the policy set the engine selects from.</summary>
    public SlaPolicySet Policies { get; }

    /// <summary>Returns the policy that applies to an incident now (by its current priority, category and tenant).</summary>
    /// <param name="events">The incident's events, oldest first, starting with <see cref="IncidentOpened"/>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> does not start with <see cref="IncidentOpened"/>.</exception>
    public SlaPolicy SelectPolicy(IReadOnlyList<IncidentEvent> events)
    {
        var timeline = SlaTimeline.Read(events, _isStatusUpdate);
        return Policies.Select(timeline.Priority, timeline.Category, timeline.Tenant);
    }

    /// <summary>Returns the incident's SLA clocks at an instant, folded from its events.</summary>
    /// <param name="events">The incident's events, oldest first, starting with <see cref="IncidentOpened"/> (e.g. <see cref="Incidents.Incident.Events"/>).</param>
    /// <param name="asOf">The instant to read the clocks at; normally now, at or after the last event.</param>
    /// <returns>The clocks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> does not start with <see cref="IncidentOpened"/>.</exception>
    public SlaState Evaluate(IReadOnlyList<IncidentEvent> events, Instant asOf)
    {
        var timeline = SlaTimeline.Read(events, _isStatusUpdate);
        var policy = Policies.Select(timeline.Priority, timeline.Category, timeline.Tenant);
        return new SlaState(policy, asOf,
            Clock(timeline, policy, SlaTargetKind.Response, asOf),
            Clock(timeline, policy, SlaTargetKind.Resolution, asOf),
            Clock(timeline, policy, SlaTargetKind.Update, asOf));
    }

    /// <summary>Returns the SLA events due at or before <paramref name="asOf"/> that the incident has not recorded yet, each at its true instant.</summary>
    /// <param name="events">The incident's events, oldest first, starting with <see cref="IncidentOpened"/>; recorded SLA events included.</param>
    /// <param name="asOf">The instant to look up to, inclusive; normally now.</param>
    /// <returns>The due events in order of their instants (empty when nothing is due); record them with <see cref="Incidents.Incident.RecordSlaEvents"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> does not start with <see cref="IncidentOpened"/>.</exception>
    public IReadOnlyList<SlaDueEvent> GetDueEvents(IReadOnlyList<IncidentEvent> events, Instant asOf) => GetDueEventsAndRecorded(events, asOf, out _);

    // Also hands back the SLA events the history records, collected in the timeline's one pass, so that recording the due
    // events (Incident.RecordDueSlaEvents) does not walk the history for them a second time.
    internal IReadOnlyList<SlaDueEvent> GetDueEventsAndRecorded(IReadOnlyList<IncidentEvent> events, Instant asOf, out RecordedSlaEvents recorded)
    {
        var due = new List<SlaDueEvent>();
        var timeline = SlaTimeline.Read(events, _isStatusUpdate);
        recorded = timeline.Recorded;
        Collect(timeline, asOf, due);
        due.Sort(static (a, b) =>
        {
            int c = a.At.CompareTo(b.At);
            return c != 0 ? c : ((int)a.Target, a.Cycle, (int)a.Kind, a.Percent).CompareTo(((int)b.Target, b.Cycle, (int)b.Kind, b.Percent));
        });
        return due;
    }

    /// <summary>Returns the next SLA event the incident has not recorded yet, and when it falls due; the instant may be in the past if a worker missed it.</summary>
    /// <param name="events">The incident's events, oldest first, starting with <see cref="IncidentOpened"/>; recorded SLA events included.</param>
    /// <returns>The earliest unrecorded event, or <see langword="null"/> when nothing more can fall due until the next event (e.g. every clock stopped, or paused with no end).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="events"/> does not start with <see cref="IncidentOpened"/>.</exception>
    public SlaDueEvent? GetNextDue(IReadOnlyList<IncidentEvent> events)
    {
        var due = GetDueEvents(events, Instant.MaxValue);
        return due.Count == 0 ? null : due[0];
    }

    private BusinessCalendar CalendarOf(in SlaTarget target) =>
        target.Calendar is null ? BusinessCalendar.AlwaysOpen : _calendars[target.Calendar];

    private SlaClock Clock(SlaTimeline timeline, SlaPolicy policy, SlaTargetKind kind, Instant asOf)
    {
        int k = (int)kind;
        if (policy.Target(k, timeline.Priority) is not { } target)
        {
            return new SlaClock(kind, SlaClockStatus.NotApplicable, null, null, 0, null, Duration.Zero, Duration.Zero, null, null, null);
        }

        var calendar = CalendarOf(target);
        var cycle = timeline.Cycles(kind, policy.ReopenMode)[^1];
        var pauses = timeline.Pauses(policy, k);
        Duration within = target.Within;
        Instant? due = calendar.AddBusinessTime(cycle.Start, within, pauses);
        Instant to = cycle.IsRunning ? asOf : cycle.End;
        Duration elapsed = to > cycle.Start ? calendar.BusinessTimeBetween(cycle.Start, to, pauses) : Duration.Zero;
        Duration remaining = elapsed >= within ? Duration.Zero : within - elapsed;
        SlaClockStatus status;
        Instant? next = null;
        int? nextPercent = null;
        switch (cycle.Reason)
        {
            case CycleEnd.Cancelled:
                status = SlaClockStatus.Cancelled;
                break;
            case CycleEnd.Stopped or CycleEnd.Superseded:
                status = due is not { } d || cycle.End <= d ? SlaClockStatus.Met : SlaClockStatus.Breached;
                break;
            default:
                if (due is { } dueAt && dueAt <= asOf)
                {
                    status = SlaClockStatus.Breached;
                }
                else if (pauses.Count > 0 && !pauses[^1].HasEnd && pauses[^1].Start <= asOf)
                {
                    status = SlaClockStatus.Paused;
                }
                else
                {
                    status = SlaClockStatus.Running;
                    (next, nextPercent) = NextThreshold(calendar, policy.Warnings(k), cycle.Start, within, elapsed, pauses, due);
                }

                break;
        }

        return new SlaClock(kind, status, within, target.Calendar, cycle.Number, cycle.Start, elapsed, remaining, due, next, nextPercent);
    }

    private static (Instant?, int?) NextThreshold(BusinessCalendar calendar, int[] warnings, Instant start, Duration within, Duration elapsed,
        IReadOnlyList<Interval> pauses, Instant? due)
    {
        foreach (int p in warnings)
        {
            Duration share = Share(within, p);
            if (share > elapsed)
            {
                return (calendar.AddBusinessTime(start, share, pauses), p);
            }
        }

        return due is null ? (null, null) : (due, 100);
    }

    internal static Duration Share(Duration within, int percent) => Duration.FromTicks(within.BclCompatibleTicks * percent / 100);

    private void Collect(SlaTimeline timeline, Instant asOf, List<SlaDueEvent> due)
    {
        var policy = Policies.Select(timeline.Priority, timeline.Category, timeline.Tenant);
        foreach (var kind in Kinds)
        {
            int k = (int)kind;
            if (policy.Target(k, timeline.Priority) is not { } target)
            {
                continue;
            }

            var calendar = CalendarOf(target);
            var pauses = timeline.Pauses(policy, k);
            int[] warnings = policy.Warnings(k);
            foreach (var cycle in timeline.Cycles(kind, policy.ReopenMode))
            {
                // A threshold is reached only while the clock still counts: strictly before the cycle's end.
                Instant limit = cycle.IsRunning ? Instant.MaxValue : cycle.End;
                Instant? dueAt = calendar.AddBusinessTime(cycle.Start, target.Within, pauses);
                foreach (int p in warnings)
                {
                    if (timeline.Recorded.Contains(RecordedSlaEvents.Key(kind, cycle.Number, SlaEventKind.Warning, p)))
                    {
                        continue;
                    }

                    if (calendar.AddBusinessTime(cycle.Start, Share(target.Within, p), pauses) is { } at && at < limit && at <= asOf)
                    {
                        due.Add(new SlaDueEvent(at, kind, SlaEventKind.Warning, p, cycle.Number, dueAt));
                    }
                    else
                    {
                        // Later thresholds are later still.
                        break;
                    }
                }

                if (dueAt is { } breachAt && breachAt < limit && breachAt <= asOf
                    && !timeline.Recorded.Contains(RecordedSlaEvents.Key(kind, cycle.Number, SlaEventKind.Breach, 100)))
                {
                    due.Add(new SlaDueEvent(breachAt, kind, SlaEventKind.Breach, 100, cycle.Number, dueAt));
                }

                if (kind != SlaTargetKind.Update && cycle.Reason == CycleEnd.Stopped && (dueAt is null || cycle.End <= dueAt)
                    && cycle.End <= asOf && !timeline.Recorded.Contains(RecordedSlaEvents.Key(kind, cycle.Number, SlaEventKind.Met, 100)))
                {
                    due.Add(new SlaDueEvent(cycle.End, kind, SlaEventKind.Met, 100, cycle.Number, dueAt));
                }
            }
        }
    }
}
