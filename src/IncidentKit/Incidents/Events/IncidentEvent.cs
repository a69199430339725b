using System.Text.Json.Serialization;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Represents one fact in an incident's life; an incident is the fold of its events.</summary>
/// <remarks>
/// <para>Events are small, immutable and past tense. Nothing else changes an incident, so its timeline, audit trail and SLA
/// clocks are all derived from them. Every event carries a unique <see cref="EventId"/> so that a store can recognise a
/// repeated append of the same decision and keep one copy.</para>
/// <para>Serialised with a <c>type</c> discriminator through <see cref="Storage.IncidentEventSerializer"/>; the discriminator
/// names are part of the storage format and never change.</para>
/// </remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <threadsafety>Events are immutable.</threadsafety>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(IncidentOpened), "opened")]
[JsonDerivedType(typeof(IncidentAcknowledged), "acknowledged")]
[JsonDerivedType(typeof(IncidentAssigned), "assigned")]
[JsonDerivedType(typeof(WorkStarted), "work-started")]
[JsonDerivedType(typeof(IncidentPutOnHold), "put-on-hold")]
[JsonDerivedType(typeof(IncidentResumed), "resumed")]
[JsonDerivedType(typeof(PriorityChanged), "priority-changed")]
[JsonDerivedType(typeof(IncidentRecategorised), "recategorised")]
[JsonDerivedType(typeof(WorkNoteAdded), "work-note-added")]
[JsonDerivedType(typeof(AlertLinked), "alert-linked")]
[JsonDerivedType(typeof(AlertGroupFlapping), "alert-group-flapping")]
[JsonDerivedType(typeof(AlertResolveHeld), "alert-resolve-held")]
[JsonDerivedType(typeof(DiagnosisRecorded), "diagnosis-recorded")]
[JsonDerivedType(typeof(IncidentEscalated), "escalated")]
[JsonDerivedType(typeof(IncidentResolved), "resolved")]
[JsonDerivedType(typeof(IncidentReopened), "reopened")]
[JsonDerivedType(typeof(IncidentClosed), "closed")]
[JsonDerivedType(typeof(IncidentCancelled), "cancelled")]
[JsonDerivedType(typeof(EvidenceAdded), "evidence-added")]
[JsonDerivedType(typeof(PostIncidentReviewDrafted), "post-incident-review-drafted")]

// SLA (IncidentKit.Sla)
[JsonDerivedType(typeof(SlaWarningReached), "sla-warning-reached")]
[JsonDerivedType(typeof(SlaBreached), "sla-breached")]
[JsonDerivedType(typeof(SlaMet), "sla-met")]

// Escalation (IncidentKit.Escalation)
[JsonDerivedType(typeof(EscalationStarted), "escalation-started")]
[JsonDerivedType(typeof(EscalationStepFired), "escalation-step-fired")]
[JsonDerivedType(typeof(EscalationStepSkipped), "escalation-step-skipped")]

// Communication (IncidentKit.Communication)
[JsonDerivedType(typeof(StatusUpdatePosted), "status-update-posted")]
[JsonDerivedType(typeof(StatusUpdateDue), "status-update-due")]
[JsonDerivedType(typeof(ExecutiveSummaryDue), "executive-summary-due")]
[JsonDerivedType(typeof(NotificationDelivered), "notification-delivered")]
[JsonDerivedType(typeof(NotificationFailed), "notification-failed")]
[JsonDerivedType(typeof(NotificationDropped), "notification-dropped")]

// Major incidents (IncidentKit.MajorIncidents)
[JsonDerivedType(typeof(MajorIncidentDeclared), "major-incident-declared")]
[JsonDerivedType(typeof(MajorIncidentStoodDown), "major-incident-stood-down")]
[JsonDerivedType(typeof(ResponseRoleAssigned), "response-role-assigned")]
[JsonDerivedType(typeof(ResponseRoleReleased), "response-role-released")]
[JsonDerivedType(typeof(AffectedServiceAdded), "affected-service-added")]
[JsonDerivedType(typeof(MajorIncidentStepCompleted), "major-incident-step-completed")]
[JsonDerivedType(typeof(MajorIncidentStepFailed), "major-incident-step-failed")]

// Runbooks (IncidentKit.Runbooks)
[JsonDerivedType(typeof(RunbookAttached), "runbook-attached")]
[JsonDerivedType(typeof(RunbookStepCompleted), "runbook-step-completed")]
[JsonDerivedType(typeof(RunbookStepSkipped), "runbook-step-skipped")]
public abstract record IncidentEvent(Guid EventId, Instant At, UserId Actor);
