using IncidentKit.Automations;
using IncidentKit.Escalation;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// Stands in for the SLA engine: records a work note "threshold i" at OpenedAt + offset i, each once, with its true due
// instant, while the incident is open. Reads what was done from the incident's events only.
internal sealed class ThresholdAutomation(params Duration[] offsets) : IIncidentAutomation
{
    public static string Note(int i) => $"threshold {i}";

    public DueWork? Run(Incident incident, Instant now)
    {
        if (!incident.IsOpen)
        {
            return null;
        }

        var recorded = incident.Events.OfType<WorkNoteAdded>().Select(n => n.Text).ToHashSet();
        for (var i = 0; i < offsets.Length; i++)
        {
            var due = incident.OpenedAt + offsets[i];
            if (recorded.Contains(Note(i)))
            {
                continue;
            }

            if (due > now)
            {
                return new DueWork(due, DueWorkKind.SlaThreshold);
            }

            incident.AddWorkNote(Note(i), due, UserId.System);
        }

        return null;
    }
}

// Stands in for the escalation engine: the level in force at now is the number of steps whose offset has passed; a missed
// run records one escalation to that level at now, not one per missed step.
internal sealed class LevelAutomation(params Duration[] steps) : IIncidentAutomation
{
    public static int LevelOf(IncidentEscalated e) => int.Parse(e.Reason["level ".Length..], System.Globalization.CultureInfo.InvariantCulture);

    public DueWork? Run(Incident incident, Instant now)
    {
        if (!incident.IsOpen)
        {
            return null;
        }

        var reached = incident.Events.OfType<IncidentEscalated>().Select(LevelOf).DefaultIfEmpty(0).Max();
        var inForce = steps.Count(s => incident.OpenedAt + s <= now);
        if (inForce > reached)
        {
            incident.Escalate(EscalationKind.Functional, $"level {inForce}", $"tier-{inForce}", now, UserId.System);
        }

        return inForce < steps.Length ? new DueWork(incident.OpenedAt + steps[inForce], DueWorkKind.EscalationStep) : null;
    }
}

// Lets a test hold a worker in the middle of a sweep.
internal sealed class GateAutomation(int passBefore) : IIncidentAutomation
{
    private int _calls;

    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualResetEventSlim Release { get; } = new(false);

    public DueWork? Run(Incident incident, Instant now)
    {
        if (Interlocked.Increment(ref _calls) > passBefore)
        {
            Reached.TrySetResult();
            Release.Wait(TestContext.Current.CancellationToken);
            throw new OperationCanceledException("The worker was killed.");
        }

        return null;
    }
}
