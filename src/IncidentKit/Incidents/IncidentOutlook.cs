using IncidentKit.Incidents.Events;
using IncidentKit.Sla;
using IncidentKit.Storage;

namespace IncidentKit.Incidents;

/// <summary>Answers "what happens next" for an incident: its next due work, next SLA event and next escalation step.</summary>
/// <param name="NextDue">The earliest work planned for the incident (what a timer worker claims next), or <see langword="null"/> when nothing is planned.</param>
/// <param name="NextSlaEvent">The next SLA warning, breach or update cadence not yet recorded, or <see langword="null"/> (no SLA engine, or nothing left).</param>
/// <param name="NextEscalationStep">The step that fires next if nothing changes: its level, targets and the recipients resolved
/// when asked, and its due instant (<see cref="EscalationStepFired.DueAt"/>); <see langword="null"/> when no step is pending.
/// It is a preview: nothing is recorded.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record IncidentOutlook(DueWork? NextDue, SlaDueEvent? NextSlaEvent, EscalationStepFired? NextEscalationStep);
