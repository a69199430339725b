using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Closes a resolved incident on behalf of the system once the configured period has passed without a reopen. The event
// carries the true due instant (resolution + period), so a worker that was down closes it as of when it should have.
internal sealed class AutoCloseAutomation(Duration period) : IIncidentAutomation
{
    public Duration Period { get; } = period;

    public Instant? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.State != IncidentState.Resolved || incident.ResolvedAt is not { } resolvedAt)
        {
            return null;
        }

        var due = resolvedAt + Period;
        if (due > now)
        {
            return due;
        }

        incident.Close(due, UserId.System);
        return null;
    }
}
