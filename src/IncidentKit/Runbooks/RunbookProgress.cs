using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Runbooks;

/// <summary>Reads an incident's attached runbook and its step timings from the timeline, for reviews and reports.</summary>
/// <param name="Runbook">The runbook version attached.</param>
/// <param name="AttachedAt">When it was attached.</param>
/// <param name="Steps">Each step, in runbook order.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookProgress(RunbookSnapshot Runbook, Instant AttachedAt, IReadOnlyList<RunbookStepProgress> Steps)
{
    /// <summary>Returns the progress on the runbook attached last, or <see langword="null"/> when none is attached.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The progress, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public static RunbookProgress? Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Of(incident.Events);
    }

    // Reads the progress straight from an incident's whole stream (oldest first), e.g. a history a review folds without replaying it.
    internal static RunbookProgress? Of(IReadOnlyList<IncidentEvent> events)
    {
        var start = -1;
        for (var i = events.Count - 1; i >= 0 && start < 0; i--)
        {
            start = events[i] is RunbookAttached ? i : -1;
        }

        if (start < 0)
        {
            return null;
        }

        var attached = (RunbookAttached)events[start];
        var runbook = attached.Runbook;
        var finished = new (RunbookStepState State, IncidentEvent? By, string? Note, Duration? Took)[runbook.Steps.Count];
        var since = attached.At;
        for (var i = start + 1; i < events.Count; i++)
        {
            (int Step, RunbookStepState State, string? Note)? done = events[i] switch
            {
                RunbookStepCompleted c when c.RunbookId == runbook.Id && c.RunbookVersion == runbook.Version => (c.Step, RunbookStepState.Completed, c.Note),
                RunbookStepSkipped s when s.RunbookId == runbook.Id && s.RunbookVersion == runbook.Version => (s.Step, RunbookStepState.Skipped, s.Note),
                _ => null,
            };

            // Replayed history is trusted, but a step number outside the runbook or finished twice is ignored rather than thrown on.
            if (done is { } d && d.Step >= 1 && d.Step <= finished.Length && finished[d.Step - 1].By is null)
            {
                finished[d.Step - 1] = (d.State, events[i], d.Note, events[i].At - since);
                since = Instant.Max(since, events[i].At);
            }
        }

        var steps = new RunbookStepProgress[runbook.Steps.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            var s = runbook.Steps[i];
            var f = finished[i];
            steps[i] = new RunbookStepProgress(i + 1, s.Text, s.Required, s.ExpectedDuration, f.By is null ? RunbookStepState.Open : f.State,
                f.By?.At, f.By?.Actor, f.Note, f.Took);
        }

        return new RunbookProgress(runbook, attached.At, steps);
    }
}
