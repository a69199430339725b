namespace IncidentKit.Storage;

/// <summary>Thrown when an append's expected version does not match the stream: someone else wrote first.</summary>
/// <remarks>Reload the incident, decide again and retry; <see cref="Incidents.IncidentService"/> does this a bounded number of times.</remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class IncidentConcurrencyException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident whose stream moved.</param>
    /// <param name="expected">The version the append expected.</param>
    /// <param name="actual">The version the store holds.</param>
    public IncidentConcurrencyException(TenantId tenant, Incidents.IncidentId incident, ExpectedVersion expected, long actual)
        : base($"Incident {incident} of tenant '{tenant}' was expected at {expected} but the store holds v{actual}: someone else changed it first. Reload, decide again and retry.")
    {
        Tenant = tenant;
        Incident = incident;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Gets the tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the incident whose stream moved.</summary>
    public Incidents.IncidentId Incident { get; }

    /// <summary>Gets the version the append expected.</summary>
    public ExpectedVersion Expected { get; }

    /// <summary>Gets the version the store holds.</summary>
    public long Actual { get; }
}
