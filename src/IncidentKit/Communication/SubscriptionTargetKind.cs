namespace IncidentKit.Communication;

/// <summary>Lists what a subscription follows.</summary>
public enum SubscriptionTargetKind
{
    /// <summary>One incident.</summary>
    Incident = 0,

    /// <summary>Every incident of an affected service.</summary>
    Service = 1,

    /// <summary>Every incident in a category or below it.</summary>
    Category = 2,
}
