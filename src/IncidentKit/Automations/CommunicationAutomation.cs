using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Follows the communication plan of an open incident: reminds the owner before a stakeholder status update falls due
/// and sends the executive summary of each slot of the plan's grid.</summary>
/// <remarks>
/// <para>It records <see cref="StatusUpdateDue"/> and <see cref="ExecutiveSummaryDue"/>, which an outbox planner composes into
/// messages. What was sent is read from the incident's events (one reminder per due instant, one summary per slot), so a second
/// worker or a rerun records nothing. An incident nobody owns yet gets its reminder when it is assigned (the assignment plans
/// again), since until then there is nobody to remind.</para>
/// <para>Misfire rule: after downtime the reminder of the update now due is recorded once, and only the summary of the latest
/// slot reached is sent; summaries of slots missed while down are dropped, as a summary describes the incident now. Both are
/// recorded at now (when they go out); their slots are in <c>DueAt</c>. A slot before the latest reopening is not sent after it:
/// the grid resumes with the next slot.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class CommunicationAutomation : IIncidentAutomation
{
    /// <summary>Initializes the automation over the communication plans by priority.</summary>
    /// <param name="plans">The plans.</param>
    /// <exception cref="ArgumentNullException"><paramref name="plans"/> is null.</exception>
    public CommunicationAutomation(CommunicationPlans plans) => Plans = plans ?? throw new ArgumentNullException(nameof(plans));

    /// <summary>Gets the communication plans.</summary>
    public CommunicationPlans Plans { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (!incident.IsOpen)
        {
            return null;
        }

        var plan = Plans.ForPriority(incident.Priority);
        Instant? next = null;

        if (StatusUpdateSchedule.NextStatusUpdateDue(incident, plan) is { } updateDue && !WasReminded(incident, updateDue))
        {
            var remindAt = updateDue - plan.RemindBefore;
            if (remindAt > now)
            {
                next = remindAt;
            }
            else if (incident.Assignee is not null || incident.AssignmentGroup is not null)
            {
                incident.RecordStatusUpdateDue(updateDue, now);
            }
        }

        if (plan.ExecutiveSummaryEvery is { } every && now >= incident.OpenedAt + every)
        {
            var slot = CurrentSlot(incident.OpenedAt, every, now);
            if (slot >= LastReopenedAt(incident) && !WasSummarised(incident, slot))
            {
                incident.RecordExecutiveSummaryDue(slot, now);
            }
        }

        if (StatusUpdateSchedule.NextExecutiveSummaryDue(incident, plan, now) is { } summaryDue && (next is null || summaryDue < next))
        {
            next = summaryDue;
        }

        return next is { } at ? new DueWork(at, DueWorkKind.UpdateReminder) : null;
    }

    // The latest instant opened + k × every (k ≥ 1) at or before now.
    private static Instant CurrentSlot(Instant openedAt, Duration every, Instant now) =>
        openedAt + (every * ((now - openedAt).BclCompatibleTicks / every.BclCompatibleTicks));

    private static bool WasReminded(Incident incident, Instant dueAt) =>
        incident.Events.Any(e => e is StatusUpdateDue u && u.DueAt == dueAt);

    private static bool WasSummarised(Incident incident, Instant slot) =>
        incident.Events.Any(e => e is ExecutiveSummaryDue s && s.DueAt == slot);

    private static Instant LastReopenedAt(Incident incident) =>
        incident.Events.OfType<IncidentReopened>().Select(e => e.At).DefaultIfEmpty(incident.OpenedAt).Max();
}
