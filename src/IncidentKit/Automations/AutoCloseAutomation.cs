using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Closes a resolved incident on behalf of the system once a period has passed without a reopen.</summary>
/// <remarks>The closure carries the true due instant (resolution + period), so a worker that was down closes it as of when it
/// should have. Run it last, after every automation that might still record on a resolved incident.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class AutoCloseAutomation : IIncidentAutomation
{
    /// <summary>Initializes the automation.</summary>
    /// <param name="period">How long after its resolution an incident closes; zero closes it at its resolution.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="period"/> is negative.</exception>
    public AutoCloseAutomation(Duration period) =>
        Period = period >= Duration.Zero ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "The auto-close period must not be negative.");

    /// <summary>Gets how long after its resolution an incident closes.</summary>
    public Duration Period { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        Guard.Against.Null(incident);
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
