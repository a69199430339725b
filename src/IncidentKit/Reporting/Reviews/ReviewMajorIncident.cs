using IncidentKit.MajorIncidents;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Gives the major-incident facts a review shows: when it was declared and stood down, and who held which response role when.</summary>
/// <param name="DeclaredAt">When the incident was first declared a major incident.</param>
/// <param name="DeclaredBy">Who declared it first.</param>
/// <param name="Reason">The first declaration's reason.</param>
/// <param name="StoodDownAt">When it was last stood down, or null when it is still a major incident.</param>
/// <param name="StoodDownReason">The last stand-down's reason, or null when it is still a major incident.</param>
/// <param name="Roles">Every response role held, in the order taken, with its hand-over times.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewMajorIncident(Instant DeclaredAt, UserId DeclaredBy, string Reason, Instant? StoodDownAt, string? StoodDownReason,
    IReadOnlyList<ResponseRoleAssignment> Roles);
