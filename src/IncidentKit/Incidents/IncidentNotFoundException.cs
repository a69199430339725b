namespace IncidentKit.Incidents;

/// <summary>Thrown when a tenant has no incident with the id asked for: a client mistake (a wrong or foreign id), answered over HTTP
/// as 404 Not Found.</summary>
/// <remarks>It derives from <see cref="KeyNotFoundException"/>, so code that caught that before still catches it. A tenant is never
/// told whether another tenant has an incident with that id.</remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class IncidentNotFoundException : KeyNotFoundException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="tenant">The tenant that asked.</param>
    /// <param name="incident">The incident it asked for.</param>
    public IncidentNotFoundException(TenantId tenant, IncidentId incident)
        : base($"Tenant '{tenant}' has no incident {incident}.")
    {
        Tenant = tenant;
        Incident = incident;
    }

    /// <summary>Gets the tenant that asked.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the incident it asked for.</summary>
    public IncidentId Incident { get; }
}
