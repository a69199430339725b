using System.Diagnostics.CodeAnalysis;

namespace IncidentKit.Escalation;

/// <summary>Answers who a team is and who holds a role for an incident: the port the escalation engine resolves
/// <see cref="EscalationTargetKind.Team"/> and <see cref="EscalationTargetKind.Role"/> targets through.</summary>
/// <remarks>Called only when a step fires. Implementations answer from memory (no I/O per call). Unknown teams or roles answer
/// <see langword="false"/>; the step still fires and lists the target as unresolved.</remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface IEscalationDirectory
{
    /// <summary>Returns the members of a team.</summary>
    /// <param name="team">The team's name.</param>
    /// <param name="members">The members when the team is known; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the team is known.</returns>
    bool TryGetTeamMembers(string team, [NotNullWhen(true)] out IReadOnlyList<UserId>? members);

    /// <summary>Returns who holds a role for an incident, e.g. its incident commander or its service owner's manager.</summary>
    /// <param name="role">The role's name.</param>
    /// <param name="subject">The incident the role is held for.</param>
    /// <param name="holders">The holders when the role is known for this incident; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the role is known for this incident.</returns>
    bool TryGetRoleHolders(string role, EscalationSubject subject, [NotNullWhen(true)] out IReadOnlyList<UserId>? holders);
}
