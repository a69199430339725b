using System.Globalization;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.MajorIncidents;

/// <summary>Runs the checklist of a major incident: declares by rule, then records each due step's outcome on the incident.</summary>
/// <remarks>
/// <para>Pure, like the other engines: given the incident's history, the policy and an instant, <see cref="Run"/> records what is
/// due and answers when to look again. The worker calls it; what was done is read from the incident's events, so running it twice
/// records nothing the second time.</para>
/// <para>Every step leaves an outcome on the timeline: <see cref="MajorIncidentStepCompleted"/>, or <see cref="MajorIncidentStepFailed"/>
/// with the instant of the next attempt (backing off, <see cref="MajorIncidentPolicy.RetryDelay"/>). A step that cannot apply (no
/// commanders' schedule, no war-room provider) is recorded as done with an outcome saying so, never skipped silently.</para>
/// <para><see cref="MajorIncidentStep.OpenWarRoom"/> needs I/O: when a provider is configured, the host calls it for a due step
/// (<see cref="DueSteps"/>) and records the outcome with <see cref="Incident.RecordMajorIncidentStepCompleted(MajorIncidentStep, string, Instant, Uri?)"/>
/// or <see cref="Incident.RecordMajorIncidentStepFailed"/>; this class only plans it.</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class MajorIncidentChecklist
{
    private static readonly InstantPattern TimePattern = InstantPattern.CreateWithInvariantCulture("yyyy-MM-dd HH':'mm 'UTC'");

    /// <summary>Returns where each step of the policy's checklist stands for the declaration in force.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="policy">The policy.</param>
    /// <returns>One status per step, in checklist order; empty when the incident is not major.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<MajorIncidentStepStatus> StatusOf(Incident incident, MajorIncidentPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(policy);
        if (incident.MajorDeclaration is not { } declaration)
        {
            return [];
        }

        return [.. policy.Checklist.Select(step => StatusOf(incident, declaration.EventId, step))];
    }

    /// <summary>Returns the steps whose next attempt has come: not done, and never tried or due for a retry.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="now">The instant.</param>
    /// <returns>The steps, in checklist order; empty when the incident is not major or not open.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<MajorIncidentStep> DueSteps(Incident incident, MajorIncidentPolicy policy, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.IsOpen ? [.. StatusOf(incident, policy).Where(s => s.NextAttemptAt <= now).Select(s => s.Step)] : [];
    }

    /// <summary>Declares the incident major when a rule says so, records the outcome of every due step the domain can do by itself,
    /// and returns when the checklist needs to run again.</summary>
    /// <param name="incident">The incident; events are recorded on it.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="now">The instant.</param>
    /// <param name="commanders">Who is on call, to page the commander from <see cref="MajorIncidentPolicy.CommanderSchedule"/>; <see langword="null"/> for none.</param>
    /// <param name="warRoomProvider">Whether the host opens war rooms; without one the step is recorded as not applicable.</param>
    /// <param name="plans">The communication plans whose executive recipients the notification goes to, so that a plan naming none
    /// is recorded as such (nobody told) rather than as done; <see langword="null"/> when the host does not say.</param>
    /// <returns>The next attempt of a step not done yet (possibly <paramref name="now"/>: a war room the host is to open), or
    /// <see langword="null"/> when nothing is left to do.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> or <paramref name="policy"/> is null.</exception>
    public static Instant? Run(Incident incident, MajorIncidentPolicy policy, Instant now, IOnCallResolver? commanders = null, bool warRoomProvider = false,
        CommunicationPlans? plans = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(policy);
        if (!incident.IsOpen)
        {
            return null;
        }

        incident.DeclareMajorByRule(policy, now);
        if (incident.MajorDeclaration is not { } declaration)
        {
            return null;
        }

        foreach (var step in DueSteps(incident, policy, now))
        {
            switch (step)
            {
                case MajorIncidentStep.PageCommander:
                    PageCommander(incident, policy, now, commanders);
                    break;
                case MajorIncidentStep.OpenWarRoom when !warRoomProvider:
                    incident.RecordMajorIncidentStepCompleted(step, "No war-room provider is configured: open a room by hand and post its link.", now);
                    break;
                case MajorIncidentStep.NotifyExecutives:
                    incident.RecordMajorIncidentStepCompleted(step, plans?.ForPriority(incident.Priority) is { ExecutiveRecipients.Count: 0 } plan
                        ? $"Nobody told: the '{plan.Name}' communication plan for {incident.Priority} names no executive recipients; tell the executives by hand."
                        : $"Executives of the {incident.Priority} communication plan told: {declaration.Reason}", now);
                    break;
                case MajorIncidentStep.TightenCadence:
                    var until = declaration.At + policy.TightFor;
                    incident.RecordMajorIncidentStepCompleted(step,
                        string.Create(CultureInfo.InvariantCulture,
                            $"Status updates every {policy.TightUpdateEvery.TotalMinutes:0.#} minutes until {TimePattern.Format(until)}, then every {policy.ThenUpdateEvery.TotalMinutes:0.#} minutes."),
                        now, c => c with { UpdateEvery = policy.TightUpdateEvery, TightUntil = until, ThenEvery = policy.ThenUpdateEvery });
                    break;
                case MajorIncidentStep.StartExecutiveSummary:
                    incident.RecordMajorIncidentStepCompleted(step, FirstSummary(incident, declaration), now);
                    break;
            }
        }

        Instant? next = null;
        foreach (var status in StatusOf(incident, policy))
        {
            if (status.NextAttemptAt is { } at)
            {
                var when = Instant.Max(at, now);
                next = next is null || when < next ? when : next;
            }
        }

        return next;
    }

    internal static int FailedAttempts(Incident incident, Guid declaration, MajorIncidentStep step) =>
        incident.Events.Count(e => e is MajorIncidentStepFailed f && f.Declaration == declaration && f.Step == step);

    internal static bool IsDone(Incident incident, Guid declaration, MajorIncidentStep step) =>
        incident.Events.Any(e => e is MajorIncidentStepCompleted c && c.Declaration == declaration && c.Step == step);

    private static MajorIncidentStepStatus StatusOf(Incident incident, Guid declaration, MajorIncidentStep step)
    {
        MajorIncidentStepCompleted? completed = null;
        MajorIncidentStepFailed? last = null;
        var failures = 0;
        foreach (var e in incident.Events)
        {
            if (e is MajorIncidentStepCompleted c && c.Declaration == declaration && c.Step == step)
            {
                completed = c;
            }
            else if (e is MajorIncidentStepFailed f && f.Declaration == declaration && f.Step == step)
            {
                failures++;
                last = f;
            }
        }

        return new MajorIncidentStepStatus(step, completed, failures, last);
    }

    private static void PageCommander(Incident incident, MajorIncidentPolicy policy, Instant now, IOnCallResolver? commanders)
    {
        const MajorIncidentStep step = MajorIncidentStep.PageCommander;
        if (incident.Commander is { } holder)
        {
            incident.RecordMajorIncidentStepCompleted(step, $"{holder} holds the incident commander role already; nobody paged.", now, c => c with { User = holder });
        }
        else if (policy.CommanderSchedule is not { } schedule)
        {
            incident.RecordMajorIncidentStepCompleted(step, "No commanders' schedule is configured: assign the incident commander by hand.", now);
        }
        else if (commanders is not null && commanders.TryGetOnCall(schedule.Value, now, out var users) && users.Count > 0)
        {
            var commander = users[0];
            incident.AssignCommanderFromSchedule(commander, schedule.Value, now);
            incident.RecordMajorIncidentStepCompleted(step, $"Paged {commander}, on call in '{schedule}', as incident commander.", now, c => c with { User = commander });
        }
        else
        {
            var attempt = FailedAttempts(incident, incident.MajorDeclaration!.EventId, step) + 1;
            var reason = commanders is null || !commanders.TryGetOnCall(schedule.Value, now, out _)
                ? $"The commanders' schedule '{schedule}' is not known to the on-call roster."
                : $"Nobody is on call in the commanders' schedule '{schedule}'.";
            incident.RecordMajorIncidentStepFailed(step, reason, now + policy.RetryDelay(attempt), now);
        }
    }

    private static string FirstSummary(Incident incident, MajorIncidentDeclared declaration)
    {
        var services = incident.AffectedServices;
        return string.Create(CultureInfo.InvariantCulture,
            $"{incident.Title} ({incident.Priority}, {incident.State}). Declared major at {TimePattern.Format(declaration.At)}: {declaration.Reason} " +
            $"Commander: {(incident.Commander is { } c ? c.Value : "not assigned yet")}. " +
            $"Services affected: {(services.Count == 0 ? "not known yet" : string.Join(", ", services))}.");
    }
}
