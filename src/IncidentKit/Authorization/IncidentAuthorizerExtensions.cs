namespace IncidentKit.Authorization;

/// <summary>Adds the throwing form of an authorisation check.</summary>
/// <threadsafety>All members are thread-safe if the authoriser is.</threadsafety>
public static class IncidentAuthorizerExtensions
{
    /// <summary>Checks that an actor may take an action in a tenant, and throws when not.</summary>
    /// <param name="authorizer">The authoriser.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="tenant">The tenant the action touches.</param>
    /// <param name="action">What is asked.</param>
    /// <exception cref="ArgumentNullException"><paramref name="authorizer"/> or <paramref name="actor"/> is null.</exception>
    /// <exception cref="IncidentAccessDeniedException">The authoriser denies it.</exception>
    public static void Demand(this IIncidentAuthorizer authorizer, IncidentActor actor, TenantId tenant, IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(authorizer);
        ArgumentNullException.ThrowIfNull(actor);
        var decision = authorizer.Authorize(actor, tenant, action);
        if (!decision.IsAllowed)
        {
            throw new IncidentAccessDeniedException(actor, action, decision.Reason ?? "denied");
        }
    }
}
