namespace IncidentKit.Incidents;

/// <summary>Identifies one incident within its tenant.</summary>
/// <param name="Value">The identifier's value.</param>
public readonly record struct IncidentId(Guid Value);
