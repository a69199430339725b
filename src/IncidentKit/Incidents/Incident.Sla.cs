using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Incidents;

// SLA events are decided by the pure SlaEngine fold; the incident only appends them, once each.
public sealed partial class Incident
{
    /// <summary>Returns the incident's SLA clocks at an instant.</summary>
    /// <param name="engine">The SLA engine (policies and calendars).</param>
    /// <param name="asOf">The instant to read the clocks at; normally now.</param>
    /// <returns>The clocks.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
    public SlaState GetSlaState(SlaEngine engine, Instant asOf) => Guard.Against.Null(engine).Evaluate(_events, asOf);

    /// <summary>Records SLA events as warnings, breaches and mets, skipping any the incident has already recorded.</summary>
    /// <param name="due">The events, usually from <see cref="SlaEngine.GetDueEvents"/>; each is recorded at its true instant.</param>
    /// <param name="actor">Who records them, usually <see cref="UserId.System"/> or the worker's actor.</param>
    /// <returns>The events recorded (pending until committed); empty when all were recorded before.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="due"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is unset, a due event is malformed (undefined target or kind, a
    /// warning percent outside 1 to 99, a cycle below 1, a breach without a due instant); nothing is recorded then.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A due event precedes the opening; nothing is recorded then.</exception>
    public IReadOnlyList<IncidentEvent> RecordSlaEvents(IReadOnlyList<SlaDueEvent> due, UserId actor)
    {
        Guard.Against.Null(due);
        Guard.Against.Unset(actor);
        return RecordNewSlaEvents(due, actor, RecordedSlaEvents.Of(_events));
    }

    /// <summary>Records every SLA event due at or before <paramref name="now"/> that is not recorded yet: what a timer worker does when it wakes.</summary>
    /// <param name="engine">The SLA engine (policies and calendars).</param>
    /// <param name="now">The current instant.</param>
    /// <param name="actor">Who records them, usually <see cref="UserId.System"/>.</param>
    /// <returns>The events recorded (pending until committed), oldest first; empty when nothing was due.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is unset.</exception>
    public IReadOnlyList<IncidentEvent> RecordDueSlaEvents(SlaEngine engine, Instant now, UserId actor)
    {
        Guard.Against.Null(engine);
        Guard.Against.Unset(actor);
        var due = engine.GetDueEventsAndRecorded(_events, now, out var recorded);
        return RecordNewSlaEvents(due, actor, recorded);
    }

    // The recorded SLA events come from the one place that recognises them (RecordedSlaEvents): collected by the caller, once.
    private List<IncidentEvent> RecordNewSlaEvents(IReadOnlyList<SlaDueEvent> due, UserId actor, RecordedSlaEvents recorded)
    {
        // Check the whole batch first so that a bad entry records nothing.
        foreach (var d in due)
        {
            Check(d, nameof(due));
            if (d.At < OpenedAt)
            {
                throw new ArgumentOutOfRangeException(nameof(due), d.At, $"Expected SLA events at or after the incident was opened ({OpenedAt}).");
            }
        }

        var added = new List<IncidentEvent>();
        foreach (var d in due)
        {
            if (!recorded.TryAdd(RecordedSlaEvents.Key(d)))
            {
                continue;
            }

            IncidentEvent e = d.Kind switch
            {
                SlaEventKind.Warning => new SlaWarningReached(NewEventId(d.At), d.At, actor, d.Target, d.Cycle, d.Percent, d.DueAt),
                SlaEventKind.Breach => new SlaBreached(NewEventId(d.At), d.At, actor, d.Target, d.Cycle, d.DueAt!.Value),
                _ => new SlaMet(NewEventId(d.At), d.At, actor, d.Target, d.Cycle, d.DueAt),
            };
            RecordExternal(e);
            added.Add(e);
        }

        return added;
    }

    private static void Check(in SlaDueEvent d, string parameterName)
    {
        bool valid = Enum.IsDefined(d.Target) && Enum.IsDefined(d.Kind) && d.Cycle >= 1
            && (d.Kind != SlaEventKind.Warning || d.Percent is >= 1 and <= 99)
            && (d.Kind != SlaEventKind.Breach || d.DueAt.HasValue);
        if (!valid)
        {
            throw new ArgumentException($"Not a valid SLA event: {d}.", parameterName);
        }
    }
}
