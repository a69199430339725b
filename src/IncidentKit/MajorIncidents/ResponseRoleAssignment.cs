using NodaTime;

namespace IncidentKit.MajorIncidents;

/// <summary>Describes one person's time in a response role: from when, until when (or still), and who handed it to them.</summary>
/// <param name="Role">The role.</param>
/// <param name="User">Who held it.</param>
/// <param name="From">When they took it.</param>
/// <param name="Until">When they handed it over or released it, or <see langword="null"/> while they still hold it.</param>
/// <param name="AssignedBy">Who gave them the role.</param>
/// <param name="Note">The hand-over note, if any.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ResponseRoleAssignment(ResponseRole Role, UserId User, Instant From, Instant? Until, UserId AssignedBy, string? Note)
{
    /// <summary>Gets whether the person still holds the role.</summary>
    public bool IsCurrent => Until is null;
}
