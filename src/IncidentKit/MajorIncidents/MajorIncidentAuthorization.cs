using IncidentKit.Authorization;
using IncidentKit.Incidents;

namespace IncidentKit.MajorIncidents;

/// <summary>Adds the major-incident rule to an authoriser's answer: while an incident is major and has an incident commander,
/// only that commander or an admin changes its response roles or priority, or stands it down.</summary>
/// <remarks>The tenant rule comes first: the authoriser must allow the action (with <see cref="RoleIncidentAuthorizer"/>, changing
/// roles, priority and standing down need the tenant's incident-commander role). Then, on a major incident whose commander role is
/// held, anyone but that commander and the tenant's admins is refused, so that one person decides. Until someone holds the role, the
/// tenant rule alone applies, so the first commander can be named. The library's automated actor (<see cref="UserId.System"/>)
/// follows the same rule through the authoriser.</remarks>
/// <threadsafety>All members are pure and thread-safe if the authoriser is.</threadsafety>
public static class MajorIncidentAuthorization
{
    /// <summary>Gets the actions that only the incident commander (or an admin) takes on a major incident.</summary>
    public static IReadOnlySet<IncidentAction> CommanderActions { get; } = new HashSet<IncidentAction>
    {
        IncidentAction.ChangePriority, IncidentAction.AssignResponseRole, IncidentAction.StandDownMajor,
    };

    /// <summary>Decides whether an actor may take an action on an incident.</summary>
    /// <param name="authorizer">The tenant's authoriser.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="action">What is asked.</param>
    /// <returns>Allowed, or denied with a reason.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static AuthorizationDecision Authorize(IIncidentAuthorizer authorizer, IncidentActor actor, Incident incident, IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        var decision = authorizer.Authorize(actor, incident.Tenant, action);
        if (!decision.IsAllowed || !CommanderActions.Contains(action) || !incident.IsMajor || incident.Commander is not { } commander
            || actor.User == commander || actor.Roles.Contains(IncidentRole.Admin))
        {
            return decision;
        }

        return AuthorizationDecision.Deny($"{action} on major incident {incident.Id} is for its incident commander ({commander}) or an admin; {actor.User} is neither.");
    }

    /// <summary>Checks that an actor may take an action on an incident, and throws when not.</summary>
    /// <param name="authorizer">The tenant's authoriser.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="action">What is asked.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IncidentAccessDeniedException">The action is denied.</exception>
    public static void Demand(IIncidentAuthorizer authorizer, IncidentActor actor, Incident incident, IncidentAction action)
    {
        var decision = Authorize(authorizer, actor, incident, action);
        if (!decision.IsAllowed)
        {
            throw new IncidentAccessDeniedException(actor, action, decision.Reason ?? "denied");
        }
    }
}
