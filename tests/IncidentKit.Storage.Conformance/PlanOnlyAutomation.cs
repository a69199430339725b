using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

// Plans due work by a rule and records nothing: lets a test give appends a next due item without a real timer.
public sealed class PlanOnlyAutomation(Func<Incident, DueWork?> plan) : IIncidentAutomation
{
    public DueWork? Run(Incident incident, Instant now) => plan(incident);

    public static IncidentServiceOptions Options(Func<Incident, DueWork?> plan) => new() { Automations = { new PlanOnlyAutomation(plan) } };
}
