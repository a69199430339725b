using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Closes a resolved incident on behalf of the system once the configured period has passed without a reopen. The event
// carries the true due instant (resolution + period), so a worker that was down closes it as of when it should have.
internal sealed class AutoCloseAutomation(Duration period) : IIncidentAutomation
{
    public Duration Period { get; } = period;

    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.State != IncidentState.Resolved || incident.ResolvedAt is not { } resolvedAt)
        {
            return null;
        }

        var due = resolvedAt + Period;
        if (due > now)
        {
            return new DueWork(due, DueWorkKind.AutoClose);
        }

        incident.Close(due, UserId.System);
        return null;
    }
}
