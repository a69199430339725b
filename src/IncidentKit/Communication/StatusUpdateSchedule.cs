using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Answers when the next stakeholder status update and executive summary fall due under a communication plan.</summary>
/// <remarks>
/// <para>The update clock starts when the incident opens and restarts at every <see cref="StatusUpdatePosted"/> (either audience:
/// an update is an update) and at every reopening. Nothing is due while the incident is Resolved, Closed or Cancelled, nor under
/// a plan without a cadence. An update that is late stays due at its original instant; the next one is counted from the update
/// that is eventually posted, not from the missed due instant.</para>
/// <para>While an incident is major, the cadence its checklist set (<see cref="MajorIncidents.MajorIncidentStep.TightenCadence"/>:
/// by default every 20 minutes for 2 hours after the declaration, then hourly) replaces the plan's, from the tightening on; the
/// interval is chosen by whether the last update (or the tightening) falls in the tight period. A stand-down returns to the plan's
/// cadence.</para>
/// <para>Executive summaries follow a fixed grid from the opening (opened 10:07, hourly: 11:07, 12:07, …), independent of status updates.</para>
/// <para>The SLA <c>Update</c> target measures the same cadence against a policy (with business hours, warnings, breaches);
/// this schedule is self-contained so that reminders work without an SLA policy.</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class StatusUpdateSchedule
{
    /// <summary>Returns the latest status update, if any.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The latest <see cref="StatusUpdatePosted"/>, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public static StatusUpdatePosted? LastStatusUpdate(Incident incident)
    {
        Guard.Against.Null(incident);
        for (var i = incident.Events.Count - 1; i >= 0; i--)
        {
            if (incident.Events[i] is StatusUpdatePosted s)
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>Returns when the next status update is due.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="plan">The plan for the incident's priority.</param>
    /// <returns>The due instant (possibly in the past, when late), or <see langword="null"/> when none is due.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Instant? NextStatusUpdateDue(Incident incident, CommunicationPlan plan)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(plan);
        if (!incident.IsOpen)
        {
            return null;
        }

        var anchor = incident.OpenedAt;
        foreach (var e in incident.Events)
        {
            if (e is StatusUpdatePosted or IncidentReopened && e.At > anchor)
            {
                anchor = e.At;
            }
        }

        // A major incident's cadence (MajorIncidentStep.TightenCadence) replaces the plan's while it stays major, counted from the
        // tightening at the earliest: tight during the first hours, then the slower pace the policy sets.
        var every = plan.StatusUpdateEvery;
        if (MajorCadenceOrNull(incident) is { UpdateEvery: { } tight, TightUntil: { } until, ThenEvery: { } then } cadence)
        {
            anchor = Instant.Max(anchor, cadence.At);
            every = anchor < until ? tight : then;
        }

        return every is { } interval ? anchor + interval : null;
    }

    // The TightenCadence outcome of the declaration in force, if the step has run.
    private static MajorIncidentStepCompleted? MajorCadenceOrNull(Incident incident)
    {
        if (incident.MajorDeclaration is not { } declaration)
        {
            return null;
        }

        for (var i = incident.Events.Count - 1; i >= 0; i--)
        {
            if (incident.Events[i] is MajorIncidentStepCompleted { Step: MajorIncidents.MajorIncidentStep.TightenCadence } c && c.Declaration == declaration.EventId)
            {
                return c;
            }
        }

        return null;
    }

    /// <summary>Returns when the owner should be reminded of the next status update.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="plan">The plan for the incident's priority.</param>
    /// <returns>The due instant minus the plan's <see cref="CommunicationPlan.RemindBefore"/>, or <see langword="null"/> when no update is due.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Instant? NextReminder(Incident incident, CommunicationPlan plan) =>
        NextStatusUpdateDue(incident, plan) is { } due ? due - plan.RemindBefore : null;

    /// <summary>Returns whether an update is overdue at an instant.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="plan">The plan for the incident's priority.</param>
    /// <param name="now">The instant to judge at.</param>
    /// <returns><see langword="true"/> when an update was due at or before <paramref name="now"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool IsStatusUpdateOverdue(Incident incident, CommunicationPlan plan, Instant now) =>
        NextStatusUpdateDue(incident, plan) is { } due && due <= now;

    /// <summary>Returns the first executive summary instant strictly after <paramref name="after"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="plan">The plan for the incident's priority.</param>
    /// <param name="after">The instant of the last summary sent (or of the last check).</param>
    /// <returns>The next instant on the grid opened + k × cadence (k ≥ 1), or <see langword="null"/> when the plan has no summary or the incident is not open.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static Instant? NextExecutiveSummaryDue(Incident incident, CommunicationPlan plan, Instant after)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(plan);
        if (plan.ExecutiveSummaryEvery is not { } every || !incident.IsOpen)
        {
            return null;
        }

        var elapsed = after - incident.OpenedAt;
        var k = elapsed < Duration.Zero ? 1 : (elapsed.BclCompatibleTicks / every.BclCompatibleTicks) + 1;
        return incident.OpenedAt + (every * k);
    }
}
