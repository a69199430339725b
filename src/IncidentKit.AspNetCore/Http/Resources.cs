using System.Text.Json;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.AspNetCore.Http;

// The shapes on the wire. Records so the OpenAPI document and the source-generated JSON come from one definition.

/// <summary>An incident as the API shows it: its fields, SLA clocks, escalation and the commands the caller may run now.</summary>
internal sealed record IncidentResource(
    IncidentId Id,
    long Version,
    string Title,
    string? Description,
    string State,
    Impact Impact,
    Urgency Urgency,
    Priority Priority,
    bool PriorityOverridden,
    string? Category,
    UserId? Assignee,
    string? AssignmentGroup,
    string? Service,
    string? Source,
    Instant OpenedAt,
    UserId OpenedBy,
    Instant? AcknowledgedAt,
    Instant? ResolvedAt,
    Instant? ClosedAt,
    Instant LastChangedAt,
    ResolutionResource? Resolution,
    IReadOnlyList<string> LinkedAlerts,
    SlaResource? Sla,
    EscalationResource? Escalation,
    VerificationResource? Verification,
    IReadOnlyList<string> PermittedCommands)
{
    /// <summary>Gets whether the incident is a major incident now.</summary>
    public bool IsMajor { get; init; }

    /// <summary>Gets the response roles held now, in the order taken.</summary>
    public IReadOnlyList<ResponseRoleResource> ResponseRoles { get; init; } = [];

    /// <summary>Gets the runbook attached last with each step's progress (worked through <c>runbook-step</c>), or null when none is.</summary>
    public RunbookResource? Runbook { get; init; }
}

/// <summary>The runbook version attached to an incident and where each of its steps stands.</summary>
internal sealed record RunbookResource(string Id, int Version, string Title, Instant AttachedAt, IReadOnlyList<RunbookStepResource> Steps);

/// <summary>One step of the attached runbook: what it says, whether it is required, and whether it was completed or skipped (open, completed, skipped).</summary>
internal sealed record RunbookStepResource(int Number, string Text, bool Required, Duration? ExpectedDuration, IReadOnlyList<Uri> Links,
    string State, Instant? FinishedAt, UserId? FinishedBy, string? Note);

/// <summary>One response role held now: the role, who holds it, since when and who handed it over.</summary>
internal sealed record ResponseRoleResource(string Role, UserId User, Instant Since, UserId AssignedBy, string? Note);

/// <summary>The latest resolution.</summary>
internal sealed record ResolutionResource(string Code, string Notes, Instant At, UserId By);

/// <summary>The incident's SLA clocks at <see cref="AsOf"/>.</summary>
internal sealed record SlaResource(string Policy, Instant AsOf, SlaClockResource Response, SlaClockResource Resolution, SlaClockResource Update, bool Breached);

/// <summary>One SLA clock.</summary>
internal sealed record SlaClockResource(
    string Status, Duration? Target, Instant? StartedAt, Duration Elapsed, Duration Remaining, Instant? DueAt,
    Instant? NextThresholdAt, int? NextThresholdPercent, int? PercentUsed);

/// <summary>Where the escalation walk stands.</summary>
internal sealed record EscalationResource(string? Policy, int? CurrentLevel, int Round, bool Acknowledged, Instant? NextTimeoutAt);

/// <summary>Whether a resolution awaits verification and until when it closes by itself.</summary>
internal sealed record VerificationResource(bool Required, bool Pending, Instant? AutoCloseAt);

/// <summary>One row of the incident list.</summary>
internal sealed record IncidentListItem(
    IncidentId Id, long Version, string Title, string State, Priority Priority, Impact Impact, Urgency Urgency,
    string? Category, UserId? Assignee, string? AssignmentGroup, string? Service,
    Instant OpenedAt, Instant? AcknowledgedAt, Instant? ResolvedAt, Instant LastChangedAt, SlaResource? Sla);

/// <summary>One page of incidents.</summary>
internal sealed record IncidentListPage(IReadOnlyList<IncidentListItem> Items, string? ContinuationToken);

/// <summary>An incident's timeline.</summary>
internal sealed record TimelineResource(IncidentId Id, long Version, IReadOnlyList<TimelineEntry> Events);

/// <summary>An incident exported with its whole timeline: what <c>GET /api/incidents/{id}/export</c> answers.</summary>
internal sealed record IncidentExportResource(Instant ExportedAt, IncidentResource Incident, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>One event on the timeline, in the stored format (its <c>type</c>, <c>at</c> and <c>actor</c> included).</summary>
internal sealed record TimelineEntry(long Sequence, string Type, Instant At, UserId Actor, JsonElement Event);

/// <summary>A change pushed over the stream.</summary>
internal sealed record IncidentChangeMessage(IncidentId Id, long Version, string Title, string State, Priority Priority, Instant LastChangedAt, IReadOnlyList<string> Events);

/// <summary>The body of <c>POST /api/incidents</c>: the <see cref="NewIncident"/> fields.</summary>
internal sealed record OpenIncidentRequest(
    string? Title, string? Description, Impact? Impact, Urgency? Urgency, string? Category, string? AssignmentGroup, string? Service, string? Source);

/// <summary>The body of <c>hold</c>, <c>reopen</c> and <c>cancel</c>.</summary>
internal sealed record ReasonRequest(string? Reason);

/// <summary>The body of <c>assign</c>.</summary>
internal sealed record AssignRequest(UserId? Assignee, string? AssignmentGroup);

/// <summary>The body of <c>note</c>.</summary>
internal sealed record NoteRequest(string? Text);

/// <summary>The body of <c>diagnose</c>.</summary>
internal sealed record DiagnoseRequest(DiagnosisStage? Stage, string? Text);

/// <summary>The body of <c>status-update</c>.</summary>
internal sealed record StatusUpdateRequest(string? Text, IncidentKit.Communication.Audience? Audience);

/// <summary>The body of <c>priority</c>: impact and urgency to reassess, or a priority to override with a reason.</summary>
internal sealed record PriorityRequest(Impact? Impact, Urgency? Urgency, Priority? Priority, string? Reason);

/// <summary>The body of <c>verify</c>: confirm the resolution (closes) or reject it with a reason (reopens).</summary>
internal sealed record VerifyRequest(bool? Confirm, string? Reason);

/// <summary>The body of <c>evidence/links</c>.</summary>
internal sealed record EvidenceLinkRequest(string? Title, string? Url);

/// <summary>One piece of evidence: a link or a file (download it from <c>DownloadUrl</c>).</summary>
internal sealed record EvidenceResource(string Id, string Title, string Kind, Uri? Url, string? FileName, string? ContentType, long? Size,
    string? Sha256, string? DownloadUrl, Instant AddedAt, UserId AddedBy);

/// <summary>The body of <c>resolve</c>.</summary>
internal sealed record ResolveRequest(string? Code, string? Notes);

/// <summary>Who is on call in one schedule now and the next handoffs.</summary>
internal sealed record OnCallResource(string Schedule, Instant At, IReadOnlyList<UserId> OnCall, IReadOnlyList<HandoffResource> NextHandoffs);

/// <summary>One coming shift.</summary>
internal sealed record HandoffResource(Instant At, Instant? Until, IReadOnlyList<UserId> OnCall, string Source);

/// <summary>The list of schedules with who is on call now.</summary>
internal sealed record OnCallList(Instant At, IReadOnlyList<OnCallResource> Schedules);

/// <summary>A calendar feed just created: its URL (holding the feed token) is shown this once.</summary>
internal sealed record CreatedCalendarFeedResource(string Id, string Url, UserId User, Instant CreatedAt);

/// <summary>One of the caller's calendar feeds, without its URL.</summary>
internal sealed record CalendarFeedResource(string Id, Instant CreatedAt, Instant? RevokedAt);

/// <summary>Who the caller is, for pages.</summary>
internal sealed record WhoAmIResource(UserId User, string Tenant, IReadOnlyList<string> Roles);

/// <summary>The body of <c>POST /api/keys</c>.</summary>
internal sealed record CreateApiKeyRequest(UserId? User, IReadOnlyList<string>? Roles, string? Name);

/// <summary>A personal API key or a calendar-feed token as listed (never its secret): <c>kind</c> is <c>api-key</c> or
/// <c>calendar-feed</c>; both are revoked through <c>DELETE /api/keys/{id}</c>.</summary>
internal sealed record ApiKeyResource(string Id, string Kind, UserId User, IReadOnlyList<string> Roles, string? Name, Instant CreatedAt, Instant? RevokedAt);

/// <summary>A key just created: the only time its secret is shown.</summary>
internal sealed record CreatedApiKeyResource(string Id, string Key, UserId User, IReadOnlyList<string> Roles, string? Name, Instant CreatedAt);

/// <summary>The body of <c>roles</c>: who takes a response role, or gives it up when <c>release</c> is true.</summary>
internal sealed record ResponseRoleRequest(IncidentKit.MajorIncidents.ResponseRole? Role, UserId? User, string? Note, bool? Release);

/// <summary>The body of <c>runbook-step</c>: a step of the attached runbook completed, or skipped (with a note) when <c>skip</c> is true.</summary>
internal sealed record RunbookStepRequest(int? Step, string? Note, bool? Skip);

/// <summary>The body of <c>POST /api/maintenance-windows</c>: matchers (Alertmanager notation) and a reason, then either a one-off
/// <c>start</c> and <c>end</c>, or a weekly rule (<c>zone</c>, <c>days</c>, <c>from</c>, <c>to</c>, optional <c>daysOfMonth</c> and
/// <c>expiresAt</c>); <c>id</c> is made when left out. The creator is the caller.</summary>
internal sealed record CreateMaintenanceWindowRequest(
    string? Id, IReadOnlyList<string?>? Matchers, string? Reason, Instant? Start, Instant? End, string? Zone, IReadOnlyList<string>? Days,
    IReadOnlyList<int>? DaysOfMonth, string? From, string? To, Instant? ExpiresAt);

/// <summary>A maintenance window as listed: its rule, who created it and why, and whether it is <c>live</c> or <c>expired</c>.</summary>
internal sealed record MaintenanceWindowResource(
    string Id, IReadOnlyList<string> Matchers, Instant? Start, Instant? End, string? Zone, IReadOnlyList<string>? Days, IReadOnlyList<int>? DaysOfMonth,
    string? From, string? To, Instant? ExpiresAt, UserId CreatedBy, string Reason, Instant CreatedAt, Instant? ExpiredAt, string State);

/// <summary>One entry of the maintenance-window audit trail: <c>created</c>, <c>expired</c> or <c>deleted</c>, by whom, when and why.</summary>
internal sealed record MaintenanceWindowAuditResource(string WindowId, string Change, Instant At, UserId Actor, string Reason);
