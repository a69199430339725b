using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using NodaTime;

namespace IncidentKit.Incidents;

// The major-incident protocol: declaration and stand-down, response roles with their hand-over history, affected services, and
// the outcomes of the checklist's steps. Its state is read from the incident's own events (they are few), so nothing here
// changes Apply or Copy: replay and the retry copy of IncidentService see it for free.
// Declaring and standing down are escalations of a kind, so they are permitted exactly where Escalate is (the open states);
// roles follow Assign; an affected service is part of the impact assessment and follows ChangePriority.
public sealed partial class Incident
{
    /// <summary>Gets whether the incident is a major incident now: declared and not stood down since.</summary>
    public bool IsMajor => MajorDeclaration is not null;

    /// <summary>Gets the declaration in force, or <see langword="null"/> when the incident is not major.</summary>
    public MajorIncidentDeclared? MajorDeclaration
    {
        get
        {
            for (var i = _events.Count - 1; i >= 0; i--)
            {
                switch (_events[i])
                {
                    case MajorIncidentDeclared d:
                        return d;
                    case MajorIncidentStoodDown:
                        return null;
                }
            }

            return null;
        }
    }

    /// <summary>Gets whether the incident was ever declared major (stood down since or not).</summary>
    public bool WasEverMajor => _events.Exists(e => e is MajorIncidentDeclared);

    /// <summary>Gets the services the incident affects: the one it was opened for, then those added, without repeats (ignoring case).</summary>
    public IReadOnlyList<string> AffectedServices
    {
        get
        {
            var services = new List<string>();
            if (Service is { } own)
            {
                services.Add(own);
            }

            foreach (var e in _events)
            {
                if (e is AffectedServiceAdded a && !services.Contains(a.Service, StringComparer.OrdinalIgnoreCase))
                {
                    services.Add(a.Service);
                }
            }

            return services;
        }
    }

    /// <summary>Gets every response role ever held on the incident, in the order taken, with its hand-over times.</summary>
    public IReadOnlyList<ResponseRoleAssignment> ResponseRoleHistory => RoleHistoryOf(_events);

    // Folds role assignments and releases from a stream, oldest first; reviews read a history with it without replaying the incident.
    internal static IReadOnlyList<ResponseRoleAssignment> RoleHistoryOf(IEnumerable<IncidentEvent> events)
    {
        var history = new List<ResponseRoleAssignment>();
        foreach (var e in events)
        {
            switch (e)
            {
                case ResponseRoleAssigned a:
                    if (a.Role != ResponseRole.SubjectMatterExpert)
                    {
                        EndCurrent(history, h => h.Role == a.Role, a.At);
                    }

                    history.Add(new ResponseRoleAssignment(a.Role, a.User, a.At, null, a.Actor, a.Note));
                    break;
                case ResponseRoleReleased r:
                    EndCurrent(history, h => h.Role == r.Role && h.User == r.User, r.At);
                    break;
            }
        }

        return history;

        static void EndCurrent(List<ResponseRoleAssignment> history, Func<ResponseRoleAssignment, bool> match, Instant at)
        {
            var i = history.FindIndex(h => h.IsCurrent && match(h));
            if (i >= 0)
            {
                history[i] = history[i] with { Until = at };
            }
        }
    }

    /// <summary>Gets the response roles held now, in the order taken.</summary>
    public IReadOnlyList<ResponseRoleAssignment> ResponseRoles => [.. ResponseRoleHistory.Where(h => h.IsCurrent)];

    /// <summary>Gets the incident commander now, if anyone holds the role.</summary>
    public UserId? Commander => ResponseRoles.FirstOrDefault(h => h.Role == ResponseRole.IncidentCommander)?.User;

    /// <summary>Declares the incident a major incident by hand, which starts the major-incident checklist.</summary>
    /// <param name="reason">Why, e.g. "checkout down in every region".</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open, or it is major already.</exception>
    /// <exception cref="ArgumentException">The reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void DeclareMajor(string reason, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(reason, MaxTextLength);
        RefuseWhen(IsMajor, IncidentCommand.Escalate, at, "the incident is not a major incident already");
        Execute(IncidentCommand.Escalate, at, actor, new MajorIncidentDeclared(NewEventId(at), at, actor, reason));
    }

    /// <summary>Declares the incident major when a rule of the policy says so and it never was major; otherwise does nothing.</summary>
    /// <remarks>Rules declare once: an incident stood down (a person's decision) or declared by hand before is left alone.</remarks>
    /// <param name="policy">The policy whose rules apply.</param>
    /// <param name="at">When.</param>
    /// <returns><see langword="true"/> when the incident was declared now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="at"/> precedes the opening.</exception>
    public bool DeclareMajorByRule(MajorIncidentPolicy policy, Instant at)
    {
        Guard.Against.Null(policy);
        if (!IsOpen || WasEverMajor || policy.FindRuleOrNull(this) is not { } rule)
        {
            return false;
        }

        Execute(IncidentCommand.Escalate, at, UserId.System,
            new MajorIncidentDeclared(NewEventId(at), at, UserId.System, $"Declared major by rule: {rule}.") { Rule = rule });
        return true;
    }

    /// <summary>Stands a major incident down: it continues as an ordinary incident and the checklist and tight cadence stop.</summary>
    /// <param name="reason">Why, e.g. "impact contained to one region".</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who (authorise with <see cref="MajorIncidentAuthorization"/>: the incident commander or an admin).</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open, or it is not major.</exception>
    /// <exception cref="ArgumentException">The reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void StandDownMajor(string reason, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(reason, MaxTextLength);
        RefuseWhen(!IsMajor, IncidentCommand.Escalate, at, "the incident is a major incident");
        Execute(IncidentCommand.Escalate, at, actor, new MajorIncidentStoodDown(NewEventId(at), at, actor, reason));
    }

    /// <summary>Gives a person a response role; for every role but subject matter expert this hands it over from its holder.</summary>
    /// <param name="role">The role.</param>
    /// <param name="user">Who takes it.</param>
    /// <param name="note">A hand-over note, if any.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who assigns it (authorise with <see cref="MajorIncidentAuthorization"/>).</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The role is undefined, the user is unset or holds the role already, the note holds a control
    /// character or is too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void AssignResponseRole(ResponseRole role, UserId user, string? note, Instant at, UserId actor)
    {
        Guard.Against.EnumOutOfRange(role);
        Guard.Against.Unset(user);
        Guard.Against.InvalidOptionalText(note, MaxTextLength);
        if (ResponseRoles.Any(h => h.Role == role && h.User == user))
        {
            throw new ArgumentException($"{user} holds the {role} role already.", nameof(user));
        }

        Execute(IncidentCommand.Assign, at, actor, new ResponseRoleAssigned(NewEventId(at), at, actor, role, user) { Note = note });
    }

    /// <summary>Takes a response role from a person without a successor.</summary>
    /// <param name="role">The role.</param>
    /// <param name="user">Who holds it.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who releases it.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The role is undefined, the user does not hold it, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void ReleaseResponseRole(ResponseRole role, UserId user, Instant at, UserId actor)
    {
        Guard.Against.EnumOutOfRange(role);
        if (!ResponseRoles.Any(h => h.Role == role && h.User == user))
        {
            throw new ArgumentException($"{user} does not hold the {role} role.", nameof(user));
        }

        Execute(IncidentCommand.Assign, at, actor, new ResponseRoleReleased(NewEventId(at), at, actor, role, user));
    }

    /// <summary>Records that the incident affects one more service.</summary>
    /// <param name="service">The service's name.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The name is empty, too long or affected already (ignoring case), <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void AddAffectedService(string service, Instant at, UserId actor)
    {
        Guard.Against.InvalidLine(service, MaxShortTextLength);
        if (AffectedServices.Contains(service, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Service '{service}' is affected already.", nameof(service));
        }

        Execute(IncidentCommand.ChangePriority, at, actor, new AffectedServiceAdded(NewEventId(at), at, actor, service));
    }

    /// <summary>Records that a step of the checklist of the declaration in force was done; recording it again does nothing.</summary>
    /// <param name="step">The step.</param>
    /// <param name="outcome">What was done, in words.</param>
    /// <param name="at">When.</param>
    /// <param name="link">The link the step produced (the war room's), if any.</param>
    /// <exception cref="InvalidOperationException">The incident is not major.</exception>
    /// <exception cref="ArgumentException">The step is undefined, the outcome is empty or too long, or <paramref name="at"/> precedes the opening.</exception>
    public void RecordMajorIncidentStepCompleted(MajorIncidentStep step, string outcome, Instant at, Uri? link = null) =>
        RecordMajorIncidentStepCompleted(step, outcome, at, c => c with { Link = link });

    /// <summary>Records that an attempt at a step of the checklist of the declaration in force failed; recording the same attempt again does nothing.</summary>
    /// <param name="step">The step.</param>
    /// <param name="reason">Why, in words (cut to 200 characters).</param>
    /// <param name="retryAt">When the step will be tried again.</param>
    /// <param name="at">When the attempt failed.</param>
    /// <exception cref="InvalidOperationException">The incident is not major, or the step is done already.</exception>
    /// <exception cref="ArgumentException">The step is undefined, the reason is empty, <paramref name="retryAt"/> precedes <paramref name="at"/>, or <paramref name="at"/> precedes the opening.</exception>
    public void RecordMajorIncidentStepFailed(MajorIncidentStep step, string reason, Instant retryAt, Instant at)
    {
        Guard.Against.EnumOutOfRange(step);
        Guard.Against.NullOrWhiteSpace(reason);
        if (retryAt < at)
        {
            throw new ArgumentOutOfRangeException(nameof(retryAt), retryAt, $"Expected an instant at or after the failure ({at}).");
        }

        var declaration = DeclarationForStep(step);
        var attempt = MajorIncidentChecklist.FailedAttempts(this, declaration.EventId, step) + 1;
        // A provider's error text may hold anything; control characters other than tab and line feed become spaces (PostgreSQL
        // refuses U+0000), so that every store keeps the same reason.
        var shortReason = string.Concat((reason.Length <= MaxShortTextLength ? reason : reason[..MaxShortTextLength])
            .Select(c => char.IsControl(c) && c is not '\t' and not '\n' ? ' ' : c));
        RecordOnce(DerivedEventId("major-step-failed", declaration.EventId.ToString("N"), step.ToString(), attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            id => new MajorIncidentStepFailed(id, at, UserId.System, declaration.EventId, step, attempt, shortReason, retryAt));
    }

    internal void RecordMajorIncidentStepCompleted(MajorIncidentStep step, string outcome, Instant at, Func<MajorIncidentStepCompleted, MajorIncidentStepCompleted> details)
    {
        Guard.Against.EnumOutOfRange(step);
        Guard.Against.InvalidText(outcome, MaxTextLength);
        var declaration = DeclarationForStep(step);
        var attempt = MajorIncidentChecklist.FailedAttempts(this, declaration.EventId, step) + 1;
        RecordOnce(DerivedEventId("major-step", declaration.EventId.ToString("N"), step.ToString()),
            id => details(new MajorIncidentStepCompleted(id, at, UserId.System, declaration.EventId, step, attempt, outcome)));
    }

    // The checklist's own assignment: the commander paged from the on-call schedule.
    internal void AssignCommanderFromSchedule(UserId user, string schedule, Instant at) =>
        Execute(IncidentCommand.Assign, at, UserId.System,
            new ResponseRoleAssigned(NewEventId(at), at, UserId.System, ResponseRole.IncidentCommander, user) { PagedFromSchedule = schedule });

    private MajorIncidentDeclared DeclarationForStep(MajorIncidentStep step)
    {
        var declaration = MajorDeclaration ?? throw new InvalidOperationException($"Incident {Id} is not a major incident; its checklist does not run.");
        if (MajorIncidentChecklist.IsDone(this, declaration.EventId, step))
        {
            throw new InvalidOperationException($"The {step} step of incident {Id} is done already.");
        }

        return declaration;
    }

    private void RefuseWhen(bool refused, IncidentCommand command, Instant at, string rule)
    {
        if (refused)
        {
            throw new InvalidIncidentTransitionException(State, command, PermittedCommands(at), [rule]);
        }
    }
}
