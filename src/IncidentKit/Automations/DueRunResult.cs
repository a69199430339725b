using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;

namespace IncidentKit.Automations;

/// <summary>Describes what <see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/> did with one claimed due item.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class DueRunResult
{
    internal DueRunResult(ClaimedDueWork claim, DueRunOutcome outcome, Incident? incident, IReadOnlyList<IncidentEvent> recorded, DueWork? nextDue,
        IncidentAccessDeniedException? denial)
    {
        Claim = claim;
        Outcome = outcome;
        Incident = incident;
        Recorded = recorded;
        NextDue = nextDue;
        Denial = denial;
    }

    /// <summary>Gets the claimed item the run was for.</summary>
    public ClaimedDueWork Claim { get; }

    /// <summary>Gets what was done.</summary>
    public DueRunOutcome Outcome { get; }

    /// <summary>Gets the incident after the run (as stored when events were recorded), or <see langword="null"/> when there is none.</summary>
    public Incident? Incident { get; }

    /// <summary>Gets the events the automations recorded and the run appended; empty unless <see cref="Outcome"/> is
    /// <see cref="DueRunOutcome.Recorded"/>.</summary>
    public IReadOnlyList<IncidentEvent> Recorded { get; }

    /// <summary>Gets the incident's next due work as the automations planned it, or <see langword="null"/> when nothing more is due.</summary>
    public DueWork? NextDue { get; }

    /// <summary>Gets why the run was refused, when <see cref="Outcome"/> is <see cref="DueRunOutcome.Denied"/>.</summary>
    public IncidentAccessDeniedException? Denial { get; }
}
