using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Drops pages that are no longer wanted, asking the incident and recording the drop on its timeline through an <see cref="IncidentService"/>.</summary>
/// <remarks>A page (a message of kind <c>escalation-step-fired</c>) planned before the incident was acknowledged, resolved, closed
/// or cancelled is dropped, and so is every message of an exercise incident not marked as one (no drill channel configured; see
/// <see cref="ExerciseRouting"/> and <see cref="Incident.FindReasonToDropOrNull"/>). So every message about an incident is checked
/// against it, except one already marked as an exercise that is not a page; a message about no incident, or one the store does not
/// hold, is sent. The check and the drop event are one decision of
/// the service (with its conflict retry); the event's id derives from channel and key, so a drop checked twice is stored once.</remarks>
/// <threadsafety>All members are thread-safe when the service's store is.</threadsafety>
public sealed class IncidentServiceSendCheck : INotificationSendCheck
{
    private const string PageEventKind = "escalation-step-fired";
    private readonly IncidentService _service;

    /// <summary>Initializes the check.</summary>
    /// <param name="service">The service that loads and appends incidents.</param>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
    public IncidentServiceSendCheck(IncidentService service) => _service = Guard.Against.Null(service);

    /// <inheritdoc/>
    public async ValueTask<bool> ShouldSendAsync(NotificationMessage message, Instant now, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        if (message.Incident is null || (message.EventKind != PageEventKind && ExerciseRouting.IsMarked(message)))
        {
            return true;
        }

        try
        {
            return await _service.DropIfNoLongerWantedAsync(message, now, cancellationToken).ConfigureAwait(false) is null;
        }
        catch (KeyNotFoundException)
        {
            return true;
        }
    }
}
