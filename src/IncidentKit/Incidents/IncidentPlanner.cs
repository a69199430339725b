using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Plans an incident's next due work from its SLA, escalation and communication timers, and answers what happens next.</summary>
/// <remarks>
/// <para>It answers "when is what due" without recording anything. The timers themselves fire through automations given to
/// <see cref="IncidentService"/> (<see cref="IncidentServiceOptions.Automations"/>: <see cref="Automations.SlaAutomation"/>,
/// <see cref="Automations.EscalationAutomation"/>, <see cref="Automations.CommunicationAutomation"/>), which plan the same instants.</para>
/// <para>The plan is the earliest of: the next SLA event not yet recorded (<see cref="SlaEngine.GetNextDue"/>; an update cadence
/// is an <see cref="DueWorkKind.UpdateReminder"/>), the next escalation step (<see cref="EscalationState.NextDueAt"/>) and, while
/// the incident is open, the communication plan's next status-update reminder and executive-summary slot
/// (<see cref="StatusUpdateSchedule"/>). A part left out (null) plans nothing.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe if its engines are (the shipped ones are).</threadsafety>
public sealed class IncidentPlanner
{
    private readonly Func<Incident, Complexity> _complexityOf;

    /// <summary>Initializes a planner over the engines a host uses.</summary>
    /// <param name="sla">The SLA engine, or <see langword="null"/> for no SLA timers.</param>
    /// <param name="escalation">The escalation engine, or <see langword="null"/> for no escalation timers.</param>
    /// <param name="communication">The communication plans, or <see langword="null"/> for no reminders or summaries.</param>
    /// <param name="complexityOf">Tells an incident's complexity for escalation rules; <see langword="null"/> takes <see cref="Complexity.Standard"/>.</param>
    public IncidentPlanner(SlaEngine? sla = null, EscalationEngine? escalation = null, CommunicationPlans? communication = null,
        Func<Incident, Complexity>? complexityOf = null)
    {
        Sla = sla;
        Escalation = escalation;
        Communication = communication;
        _complexityOf = complexityOf ?? (static _ => Complexity.Standard);
    }

    /// <summary>Gets the SLA engine, or <see langword="null"/>.</summary>
    public SlaEngine? Sla { get; }

    /// <summary>Gets the escalation engine, or <see langword="null"/>.</summary>
    public EscalationEngine? Escalation { get; }

    /// <summary>Gets the communication plans, or <see langword="null"/>.</summary>
    public CommunicationPlans? Communication { get; }

    /// <summary>Returns the incident's next due work, or <see langword="null"/> when none of its timers is pending.</summary>
    /// <param name="incident">The incident, as of its latest change.</param>
    /// <returns>The earliest due work.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Plan(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        DueWork? next = null;
        if (Sla?.GetNextDue(incident.Events) is { } sla)
        {
            next = Earlier(next, new DueWork(sla.At, sla.Target == SlaTargetKind.Update ? DueWorkKind.UpdateReminder : DueWorkKind.SlaThreshold));
        }

        if (Escalation?.Fold(incident.Events).NextDueAt is { } step)
        {
            next = Earlier(next, new DueWork(step, DueWorkKind.EscalationStep));
        }

        if (Communication is not null && incident.IsOpen)
        {
            var plan = Communication.ForPriority(incident.Priority);
            if (StatusUpdateSchedule.NextReminder(incident, plan) is { } reminder)
            {
                next = Earlier(next, new DueWork(reminder, DueWorkKind.UpdateReminder));
            }

            if (StatusUpdateSchedule.NextExecutiveSummaryDue(incident, plan, incident.LastChangedAt) is { } summary)
            {
                next = Earlier(next, new DueWork(summary, DueWorkKind.UpdateReminder));
            }
        }

        return next;
    }

    /// <summary>Answers what happens next: the next due work, the next SLA event and the next escalation step with the recipients it would page now.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="now">The instant of asking: a step already due is shown as it would fire now.</param>
    /// <returns>The outlook; nothing is recorded on the incident.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public IncidentOutlook Outlook(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Events.EscalationStepFired? step = null;
        if (Escalation is { } escalation && escalation.Fold(incident.Events).NextDueAt is { } dueAt)
        {
            var steps = escalation.Decide(incident, Instant.Max(dueAt, now), _complexityOf(incident)).Steps;
            step = steps is { Count: > 0 } ? steps[0] : null;
        }

        return new IncidentOutlook(Plan(incident), Sla?.GetNextDue(incident.Events), step);
    }

    private static DueWork Earlier(DueWork? current, DueWork candidate) =>
        current is { } c && c.DueAt <= candidate.DueAt ? c : candidate;
}
