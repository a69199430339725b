namespace IncidentKit.Automations;

/// <summary>Names what <see cref="Incidents.IncidentService.RunDueAsync(Storage.ClaimedDueWork, CancellationToken)"/> did with claimed due work.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum DueRunOutcome
{
    /// <summary>The automations recorded events; they were appended with their outbox messages and the incident's next due work,
    /// which replaced the claimed item (or, when the plan did not move, the claim was given back).</summary>
    Recorded = 0,

    /// <summary>Nothing was due after all (another worker did it already, or the plan moved): nothing was written. The claim was
    /// completed when nothing more is planned, and otherwise left to lapse, so the incident is looked at again then.</summary>
    NothingDue = 1,

    /// <summary>The tenant has no such incident (any more): the claim was completed.</summary>
    IncidentNotFound = 2,

    /// <summary>The authoriser refused an event the automations would record: nothing was written and the claim is left to lapse,
    /// so the incident is looked at again then (a host that changes its authoriser sees the work done without losing it).</summary>
    Denied = 3,
}
