using IncidentKit.Automations;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.WorkerDrill;

// Records a work note "threshold i" at OpenedAt + offset i, each once, with its true due instant (like ThresholdAutomation in
// the worker tests), announcing each act on stdout first and then taking a while over it, so a kill lands mid-sweep.
internal sealed class DrillAutomation(Duration[] offsets, TimeSpan act, TextWriter output) : IIncidentAutomation
{
    public static string Note(int i) => $"threshold {i}";

    public DueWork? Run(Incident incident, Instant now)
    {
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

            lock (output)
            {
                output.WriteLine($"act {incident.Id.Value:N} {i}");
                output.Flush();
            }

            // A deliberately slow act, standing in for real work; this is a child process, not test timing.
            Thread.Sleep(act);
            incident.AddWorkNote(Note(i), due, UserId.System);
        }

        return null;
    }
}
