using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Incidents;

// Every command follows one shape: check arguments, ask the workflow (which throws InvalidIncidentTransitionException
// when the state or a rule forbids the command), then record exactly one event; applying it moves the state by the one
// lifecycle rule (IncidentLifecycle), so the workflow never hands back a state of its own.
public sealed partial class Incident
{
    /// <summary>Returns whether a command is permitted now.</summary>
    /// <param name="command">The command.</param>
    /// <param name="at">The instant the command would happen at (the reopen window depends on it).</param>
    /// <returns><see langword="true"/> when the command would be accepted, arguments permitting; resolving is refused while the
    /// runbook gates it (<see cref="IncidentWorkflowOptions.RequireRunbookStepsToResolve"/>).</returns>
    public bool CanExecute(IncidentCommand command, Instant at) =>
        Rules.Workflow.CanExecute(this, command, at) && !(command == IncidentCommand.Resolve && IsResolveGatedByRunbook);

    /// <summary>Returns the commands permitted now, in enum order.</summary>
    /// <param name="at">The instant the commands would happen at.</param>
    /// <returns>The permitted commands (without <see cref="IncidentCommand.Resolve"/> while the runbook gates it); empty for a
    /// closed or cancelled incident.</returns>
    public IReadOnlyList<IncidentCommand> PermittedCommands(Instant at) => IsResolveGatedByRunbook
        ? [.. Rules.Workflow.Permitted(this, at).Where(c => c != IncidentCommand.Resolve)]
        : Rules.Workflow.Permitted(this, at);

    /// <summary>Takes ownership of a new incident, or of a reopened one that nobody has acknowledged since the reopen.</summary>
    /// <remarks>Acknowledging stops the escalation's paging. A new incident becomes Acknowledged; a reopened one stays where it is
    /// (in progress or on hold), since the reopen pages again (<see cref="AwaitsAcknowledgement"/>) until someone answers.</remarks>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is neither New nor a reopened incident awaiting acknowledgement.</exception>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is unset or <paramref name="at"/> precedes the opening.</exception>
    public void Acknowledge(Instant at, UserId actor) =>
        Execute(IncidentCommand.Acknowledge, at, actor, new IncidentAcknowledged(NewEventId(at), at, actor));

    /// <summary>Assigns a person and/or a group.</summary>
    /// <param name="assignee">The person, or <see langword="null"/> for none.</param>
    /// <param name="assignmentGroup">The group, or <see langword="null"/> to keep the current one.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">Both are <see langword="null"/>, the group is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Assign(UserId? assignee, string? assignmentGroup, Instant at, UserId actor)
    {
        Guard.Against.InvalidOptionalLine(assignmentGroup, MaxShortTextLength);
        if (assignee is null && assignmentGroup is null)
        {
            throw new ArgumentException("Give an assignee, an assignment group, or both.", nameof(assignee));
        }

        Execute(IncidentCommand.Assign, at, actor, new IncidentAssigned(NewEventId(at), at, actor, assignee, assignmentGroup ?? AssignmentGroup));
    }

    /// <summary>Starts investigating.</summary>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The state does not allow it, or an assignee is required and missing.</exception>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is unset or <paramref name="at"/> precedes the opening.</exception>
    public void StartWork(Instant at, UserId actor) =>
        Execute(IncidentCommand.StartWork, at, actor, new WorkStarted(NewEventId(at), at, actor));

    /// <summary>Puts the incident on hold while it waits on someone outside the team.</summary>
    /// <param name="reason">Why, e.g. "waiting for the storage vendor".</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not InProgress.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void PutOnHold(string reason, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(reason, MaxTextLength);
        Execute(IncidentCommand.PutOnHold, at, actor, new IncidentPutOnHold(NewEventId(at), at, actor, reason));
    }

    /// <summary>Resumes work after a hold.</summary>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not OnHold.</exception>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is unset or <paramref name="at"/> precedes the opening.</exception>
    public void Resume(Instant at, UserId actor) =>
        Execute(IncidentCommand.Resume, at, actor, new IncidentResumed(NewEventId(at), at, actor));

    /// <summary>Reassesses impact and urgency; the priority follows the matrix (and any manual override ends).</summary>
    /// <param name="impact">The new impact.</param>
    /// <param name="urgency">The new urgency.</param>
    /// <param name="reason">Why, if given.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">Impact or urgency lies outside the matrix, the reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Reassess(Impact impact, Urgency urgency, string? reason, Instant at, UserId actor)
    {
        Guard.Against.InvalidOptionalText(reason, MaxTextLength);
        var priority = PriorityOf(Rules, impact, urgency, nameof(impact), nameof(urgency));
        Execute(IncidentCommand.ChangePriority, at, actor, new PriorityChanged(NewEventId(at), at, actor, impact, urgency, priority, reason, IsOverride: false));
    }

    /// <summary>Overrides the priority by hand; a reason is required and becomes part of the timeline.</summary>
    /// <param name="priority">The priority to set.</param>
    /// <param name="reason">Why the matrix's answer does not fit.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The priority is unset, the reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void OverridePriority(Priority priority, string reason, Instant at, UserId actor)
    {
        Guard.Against.Unset(priority);
        Guard.Against.InvalidText(reason, MaxTextLength);
        Execute(IncidentCommand.ChangePriority, at, actor, new PriorityChanged(NewEventId(at), at, actor, Impact, Urgency, priority, reason, IsOverride: true));
    }

    /// <summary>Moves the incident to another category; the category's default assignment group applies when none is set.</summary>
    /// <param name="category">The new category; it must be in the taxonomy unless the taxonomy is open.</param>
    /// <param name="reason">Why, if given.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The category is unset or not in the taxonomy, the reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Recategorise(CategoryPath category, string? reason, Instant at, UserId actor)
    {
        Guard.Against.Unset(category);
        Guard.Against.InvalidOptionalText(reason, MaxTextLength);
        var defaults = CategoryDefaultsOf(Rules, category, nameof(category));
        Execute(IncidentCommand.Recategorise, at, actor,
            new IncidentRecategorised(NewEventId(at), at, actor, category, AssignmentGroup ?? defaults?.AssignmentGroup, reason));
    }

    /// <summary>Adds a work note to the timeline.</summary>
    /// <param name="text">The note.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The text is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void AddWorkNote(string text, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(text, MaxTextLength);
        Execute(IncidentCommand.AddWorkNote, at, actor, new WorkNoteAdded(NewEventId(at), at, actor, text));
    }

    /// <summary>Links a monitoring alert; linking the same key again is refused.</summary>
    /// <param name="alertKey">The alert's deduplication key.</param>
    /// <param name="source">The alerting system, if known.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The key is empty, too long or already linked, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void LinkAlert(string alertKey, string? source, Instant at, UserId actor) => LinkAlert(alertKey, source, null, at, actor);

    /// <summary>Links a monitoring alert to the incident, with the instant the alert started firing.</summary>
    /// <param name="alertKey">The alert's deduplication key.</param>
    /// <param name="source">The alerting system, if known.</param>
    /// <param name="alertStartsAt">When the alert started firing, as its source reported it, if known; reports measure time to detect from it.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The key is empty, too long or already linked, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void LinkAlert(string alertKey, string? source, Instant? alertStartsAt, Instant at, UserId actor) =>
        LinkAlert(alertKey, source, alertStartsAt, null, at, actor);

    /// <summary>Links a monitoring alert to the incident, with the instant the alert started firing and its labels.</summary>
    /// <param name="alertKey">The alert's deduplication key.</param>
    /// <param name="source">The alerting system, if known.</param>
    /// <param name="alertStartsAt">When the alert started firing, as its source reported it, if known; reports measure time to detect from it.</param>
    /// <param name="alertLabels">The alert's labels, if known (at most 64; names non-empty and at most 200 characters, values at most 1000); runbooks can be selected by them.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The key is empty, too long or already linked, a label is invalid or there are too many,
    /// <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void LinkAlert(string alertKey, string? source, Instant? alertStartsAt, IReadOnlyDictionary<string, string>? alertLabels, Instant at, UserId actor)
    {
        var labels = CopyAlertLabels(alertLabels);
        Guard.Against.InvalidLine(alertKey, MaxShortTextLength);
        Guard.Against.InvalidOptionalLine(source, MaxShortTextLength);
        if (IsAlertLinked(alertKey))
        {
            throw new ArgumentException($"Alert '{alertKey}' is linked already.", nameof(alertKey));
        }

        Execute(IncidentCommand.LinkAlert, at, actor, new AlertLinked(NewEventId(at), at, actor, alertKey, source) { AlertStartsAt = alertStartsAt, AlertLabels = labels });
    }

    /// <summary>Records a step of the diagnosis: symptoms, a suspected cause or the confirmed root cause.</summary>
    /// <param name="stage">How far the diagnosis has come.</param>
    /// <param name="text">What was found.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The stage is undefined, the text is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void RecordDiagnosis(DiagnosisStage stage, string text, Instant at, UserId actor)
    {
        Guard.Against.EnumOutOfRange(stage);
        Guard.Against.InvalidText(text, MaxTextLength);
        Execute(IncidentCommand.RecordDiagnosis, at, actor, new DiagnosisRecorded(NewEventId(at), at, actor, stage, text));
    }

    /// <summary>Escalates by hand, with a reason.</summary>
    /// <param name="kind">Functional (a higher tier) or hierarchical (management).</param>
    /// <param name="reason">Why.</param>
    /// <param name="toGroup">The team or role escalated to, if named.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The kind is undefined, the reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Escalate(EscalationKind kind, string reason, string? toGroup, Instant at, UserId actor)
    {
        Guard.Against.EnumOutOfRange(kind);
        Guard.Against.InvalidText(reason, MaxTextLength);
        Guard.Against.InvalidOptionalLine(toGroup, MaxShortTextLength);
        Execute(IncidentCommand.Escalate, at, actor, new IncidentEscalated(NewEventId(at), at, actor, kind, reason, toGroup));
    }

    /// <summary>Records that service was restored.</summary>
    /// <param name="resolutionCode">A short code, e.g. "fixed" or "workaround".</param>
    /// <param name="notes">What was done.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The state does not allow it, or the workflow gates on the runbook
    /// (<see cref="IncidentWorkflowOptions.RequireRunbookStepsToResolve"/>) and required steps are open; the unmet rule names them.</exception>
    /// <exception cref="ArgumentException">The code or notes are empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Resolve(string resolutionCode, string notes, Instant at, UserId actor)
    {
        Guard.Against.InvalidLine(resolutionCode, 64);
        Guard.Against.InvalidText(notes, MaxTextLength);
        RefuseResolveWithOpenRunbookSteps(at);
        Execute(IncidentCommand.Resolve, at, actor, new IncidentResolved(NewEventId(at), at, actor, resolutionCode, notes));
    }

    /// <summary>Reopens a resolved incident within the reopen window.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not Resolved, or the reopen window has passed.</exception>
    /// <exception cref="ArgumentException">The reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Reopen(string reason, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(reason, MaxTextLength);
        Execute(IncidentCommand.Reopen, at, actor, new IncidentReopened(NewEventId(at), at, actor, reason));
    }

    /// <summary>Confirms the resolution and closes the incident.</summary>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not Resolved, or the rules require a verification and the
    /// actor is neither the reporter nor the owner.</exception>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is unset or <paramref name="at"/> precedes the opening.</exception>
    public void Close(Instant at, UserId actor)
    {
        if (State == IncidentState.Resolved && !MayVerifyResolution(actor))
        {
            throw new InvalidIncidentTransitionException(State, IncidentCommand.Close, PermittedCommands(at),
                [$"the resolution must be verified by the reporter ({ReportedBy}) or the owner ({(Assignee is { } a ? a.Value : "none")})"]);
        }

        Execute(IncidentCommand.Close, at, actor, new IncidentClosed(NewEventId(at), at, actor));
    }

    /// <summary>Gets who logged the incident.</summary>
    public UserId ReportedBy => _events.Count > 0 ? _events[0].Actor : default;

    /// <summary>Returns whether an actor may close this incident's resolution: always, unless the rules require a verification, in
    /// which case only the reporter, the owner (assignee) and the system actor may.</summary>
    /// <param name="actor">Who would close it.</param>
    /// <returns><see langword="true"/> when the actor's close counts as the verification (or none is needed).</returns>
    public bool MayVerifyResolution(UserId actor) =>
        !Rules.RequireResolutionVerification || actor == ReportedBy || actor == Assignee || actor == UserId.System;

    /// <summary>Withdraws an open incident logged in error.</summary>
    /// <param name="reason">Why, e.g. "duplicate of INC-42".</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is resolved, closed or cancelled.</exception>
    /// <exception cref="ArgumentException">The reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void Cancel(string reason, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(reason, MaxTextLength);
        Execute(IncidentCommand.Cancel, at, actor, new IncidentCancelled(NewEventId(at), at, actor, reason));
    }

    /// <summary>Records an event decided elsewhere in the domain (SLA, escalation, communication) after checking its time and actor.</summary>
    /// <param name="e">The event; it must not be one that a command of this class records.</param>
    internal void RecordExternal(IncidentEvent e)
    {
        Guard.Against.Null(e);
        CheckTimeAndActor(e.At, e.Actor);
        Record(e);
    }

    private void Execute(IncidentCommand command, Instant at, UserId actor, IncidentEvent e)
    {
        CheckTimeAndActor(at, actor);
        Rules.Workflow.EnsurePermitted(this, command, at);
        Record(e);
    }

    private void CheckTimeAndActor(Instant at, UserId actor, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(at))] string? atName = null)
    {
        Guard.Against.Unset(actor);
        if (at < OpenedAt)
        {
            throw new ArgumentOutOfRangeException(atName, at, $"Expected an instant at or after the incident was opened ({OpenedAt}).");
        }
    }
}
