using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Holds what happened to one simulated incident: when it was acknowledged and resolved, how deep it escalated, who was paged.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentOutcome
{
    /// <summary>Gets the incident's number in the run, in opening order (<c>SIM-0001</c>).</summary>
    public required string Number { get; init; }

    /// <summary>Gets the title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the service, or <see langword="null"/>.</summary>
    public string? Service { get; init; }

    /// <summary>Gets the priority.</summary>
    public Priority Priority { get; init; }

    /// <summary>Gets when the incident opened.</summary>
    public Instant OpenedAt { get; init; }

    /// <summary>Gets when it was first acknowledged, or <see langword="null"/> when nobody did before the end.</summary>
    public Instant? AcknowledgedAt { get; init; }

    /// <summary>Gets who acknowledged it first, or <see langword="null"/>.</summary>
    public UserId? AcknowledgedBy { get; init; }

    /// <summary>Gets when it was resolved, or <see langword="null"/> when it was still open at the end.</summary>
    public Instant? ResolvedAt { get; init; }

    /// <summary>Gets the time from opening to the first acknowledgement, or <see langword="null"/>.</summary>
    public Duration? TimeToAcknowledge => AcknowledgedAt - OpenedAt;

    /// <summary>Gets the time from opening to resolution, or <see langword="null"/>.</summary>
    public Duration? TimeToResolve => ResolvedAt - OpenedAt;

    /// <summary>Gets the highest escalation level paged (0 when none was).</summary>
    public int EscalationDepth { get; init; }

    /// <summary>Gets the number of pages sent (one per person per step).</summary>
    public int Pages { get; init; }

    /// <summary>Gets how many of those pages reached people at night in their zone.</summary>
    public int NightPages { get; init; }

    /// <summary>Gets the number of escalation steps that reached nobody who could answer (nobody paged, or only people unavailable or never answering).</summary>
    public int UnreachableSteps { get; init; }

    /// <summary>Gets the SLA targets breached, in order (<c>response</c>, <c>resolution</c>, <c>update</c>).</summary>
    public IReadOnlyList<string> SlaBreaches { get; init; } = [];

    /// <summary>Gets whether the incident was an exercise.</summary>
    public bool IsExercise { get; init; }

    /// <summary>Gets the incident's timeline as printed lines (empty when the scenario leaves timelines out).</summary>
    public IReadOnlyList<string> Timeline { get; init; } = [];
}
