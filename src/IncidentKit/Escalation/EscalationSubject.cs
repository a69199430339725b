using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.Escalation;

/// <summary>Represents the incident an escalation is for, as far as resolving roles needs it.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Incident">The incident's id.</param>
/// <param name="Priority">The priority now.</param>
/// <param name="Category">The category, if any.</param>
/// <param name="Service">The affected service, if known.</param>
/// <param name="AssignmentGroup">The assignment group, if any.</param>
/// <param name="Assignee">The assignee, if any.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct EscalationSubject(TenantId Tenant, IncidentId Incident, Priority Priority, CategoryPath? Category, string? Service, string? AssignmentGroup, UserId? Assignee);
