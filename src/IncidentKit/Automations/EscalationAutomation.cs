using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Fires the escalation steps due by now and plans the next one.</summary>
/// <remarks>Misfire rule (<see cref="EscalationEngine"/>): after downtime only the latest due step fires, once, rather than every
/// missed page.</remarks>
/// <threadsafety>This type is immutable and thread-safe if its engine is (the shipped one is).</threadsafety>
public sealed class EscalationAutomation : IIncidentAutomation
{
    private readonly Func<Incident, Complexity> _complexityOf;

    /// <summary>Initializes the automation over an escalation engine.</summary>
    /// <param name="engine">The engine that picks policies and resolves who to page.</param>
    /// <param name="complexityOf">Tells an incident's complexity for escalation rules; <see langword="null"/> takes
    /// <see cref="Complexity.Standard"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="engine"/> is null.</exception>
    public EscalationAutomation(EscalationEngine engine, Func<Incident, Complexity>? complexityOf = null)
    {
        Engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _complexityOf = complexityOf ?? (static _ => Complexity.Standard);
    }

    /// <summary>Gets the escalation engine.</summary>
    public EscalationEngine Engine { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var decision = Engine.Decide(incident, now, _complexityOf(incident));
        if (!decision.IsEmpty)
        {
            incident.RecordEscalation(decision);
        }

        return decision.NextDueAt is { } next ? new DueWork(next, DueWorkKind.EscalationStep) : null;
    }
}
