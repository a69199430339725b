namespace IncidentKit.Authorization;

/// <summary>Decides whether an actor may take an action in a tenant: the one rule book for people, the HTTP API, the worker and the intake.</summary>
/// <remarks>Implementations are pure and thread-safe. <see cref="RoleIncidentAuthorizer"/> is the default.</remarks>
public interface IIncidentAuthorizer
{
    /// <summary>Decides whether an actor may take an action in a tenant.</summary>
    /// <param name="actor">Who asks.</param>
    /// <param name="tenant">The tenant the action touches.</param>
    /// <param name="action">What is asked.</param>
    /// <returns>Allowed, or denied with a reason.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actor"/> is null.</exception>
    AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action);
}
