using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// What the worker runs for each claimed incident: a pure decision that records on the incident, through its commands, every
// event due at or before now, and returns the next work it needs to run for (null: nothing more will become due unless the
// incident changes; every change re-plans through IncidentService's planner).
//
// Contract every automation keeps, since several workers may run it on the same incident and the worker may have been down:
// - Idempotent: what was done is read from the incident's own events, never from the worker's memory, so running twice at
//   the same instant records nothing the second time (the store's expected version rejects a racing duplicate).
// - Misfire rule: after downtime, each missed SLA event (warning, breach) is recorded once, with its true due instant as
//   its At, in due order; escalation does not replay every missed page but records only the step in force at now
//   (the level the incident would have reached), once.
// - Deterministic in now: the same history and instant give the same decision, so skewed clocks between workers only move
//   when an event is recorded, never whether or how often.
internal interface IIncidentAutomation
{
    DueWork? Run(Incident incident, Instant now);
}
