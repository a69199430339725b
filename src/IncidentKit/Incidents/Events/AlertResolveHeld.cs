using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that the alert intake did not resolve the incident although every alert of its group had resolved, because
/// required runbook steps were still open: once they are completed or skipped the incident resolves automatically, unless an
/// alert of the group fires again first (<see cref="Alerts.AlertAutoResolveAutomation"/>).</summary>
/// <remarks>Its own kind (<c>alert-resolve-held</c>) rather than a work note, so that the automation can find the group it waits
/// for; a later resolve, reopen or cancellation note ends the wait.</remarks>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When the intake held the resolve.</param>
/// <param name="Actor">The intake's actor (e.g. <c>system:monitoring</c>), who resolves the incident later.</param>
/// <param name="GroupKey">The key of the incident's alert group.</param>
/// <param name="Text">What the intake saw: when the group's alerts resolved and which required steps were open.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertResolveHeld(Guid EventId, Instant At, UserId Actor, string GroupKey, string Text)
    : IncidentEvent(EventId, At, Actor);
