using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using IncidentKit.Runbooks;
using NodaTime;

namespace IncidentKit.Incidents;

// Runbooks: a snapshot of one runbook version is attached, and its steps are completed or skipped, each an event. Working a
// runbook is part of working the incident, so it is permitted where a work note is (the open states). Read from the events.
public sealed partial class Incident
{
    /// <summary>Gets the runbook attached last, or <see langword="null"/> when none is.</summary>
    public RunbookSnapshot? AttachedRunbook => _events.FindLast(e => e is RunbookAttached) is RunbookAttached a ? a.Runbook : null;

    /// <summary>Gets the required steps of the attached runbook that are neither completed nor skipped, by number from 1.</summary>
    public IReadOnlyList<int> OpenRequiredRunbookSteps =>
        RunbookProgress.Of(this) is { } progress ? [.. progress.Steps.Where(s => s.Required && s.State == RunbookStepState.Open).Select(s => s.Number)] : [];

    /// <summary>Attaches a runbook version by hand, replacing the one attached before.</summary>
    /// <param name="runbook">The runbook's snapshot (<see cref="Runbook.ToSnapshot"/>).</param>
    /// <param name="reason">Why, if given.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">The snapshot is invalid, the reason is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void AttachRunbook(RunbookSnapshot runbook, string? reason, Instant at, UserId actor)
    {
        Guard.Against.Null(runbook);
        _ = new Runbook(runbook.Id, runbook.Version, runbook.Title, runbook.Steps);
        Guard.Against.InvalidOptionalText(reason, MaxTextLength);
        Execute(IncidentCommand.AddWorkNote, at, actor, new RunbookAttached(NewEventId(at), at, actor, runbook) { Reason = reason });
    }

    /// <summary>Marks a step of the attached runbook done.</summary>
    /// <param name="step">The step's number, from 1.</param>
    /// <param name="note">What was found or done, if anything.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">No runbook is attached, the step does not exist or is completed or skipped already, the
    /// note is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void CompleteRunbookStep(int step, string? note, Instant at, UserId actor)
    {
        Guard.Against.InvalidOptionalText(note, MaxTextLength);
        var runbook = OpenRunbookStep(step);
        Execute(IncidentCommand.AddWorkNote, at, actor, new RunbookStepCompleted(NewEventId(at), at, actor, runbook.Id, runbook.Version, step) { Note = note });
    }

    /// <summary>Skips a step of the attached runbook, saying why; a skipped required step no longer holds up the resolution.</summary>
    /// <param name="step">The step's number, from 1.</param>
    /// <param name="note">Why it was skipped.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is not open.</exception>
    /// <exception cref="ArgumentException">No runbook is attached, the step does not exist or is completed or skipped already, the
    /// note is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void SkipRunbookStep(int step, string note, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(note, MaxTextLength);
        var runbook = OpenRunbookStep(step);
        Execute(IncidentCommand.AddWorkNote, at, actor, new RunbookStepSkipped(NewEventId(at), at, actor, runbook.Id, runbook.Version, step, note));
    }

    private RunbookSnapshot OpenRunbookStep(int step, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(step))] string? name = null)
    {
        var progress = RunbookProgress.Of(this) ?? throw new ArgumentException($"Incident {Id} has no runbook attached.", name);
        if (step < 1 || step > progress.Steps.Count)
        {
            throw new ArgumentOutOfRangeException(name, step, $"Expected a step of runbook {progress.Runbook.Id} v{progress.Runbook.Version}, 1 to {progress.Steps.Count}.");
        }

        var state = progress.Steps[step - 1].State;
        return state == RunbookStepState.Open
            ? progress.Runbook
            : throw new ArgumentException($"Step {step} of runbook {progress.Runbook.Id} is {state.ToString().ToLowerInvariant()} already.", name);
    }

    // Whether resolve's gate is shut now; the events are read only when the workflow gates on runbooks at all.
    private bool IsResolveGatedByRunbook => Rules.RequireRunbookStepsToResolve && OpenRequiredRunbookSteps.Count > 0;

    // Resolve's gate (IncidentWorkflowOptions.RequireRunbookStepsToResolve): the open required steps, each named.
    private void RefuseResolveWithOpenRunbookSteps(Instant at)
    {
        if (!Rules.RequireRunbookStepsToResolve || RunbookProgress.Of(this) is not { } progress)
        {
            return;
        }

        var open = progress.Steps.Where(s => s.Required && s.State == RunbookStepState.Open).ToList();
        if (open.Count > 0)
        {
            var named = string.Join("; ", open.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Number}. {s.Text}")));
            throw new InvalidIncidentTransitionException(State, IncidentCommand.Resolve, PermittedCommands(at),
                [$"the required steps of runbook {progress.Runbook.Id} v{progress.Runbook.Version} are completed or skipped (open: {named})"]);
        }
    }
}
