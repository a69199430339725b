using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Drops pages that are no longer wanted, asking the incident and recording the drop on its timeline through an <see cref="IncidentService"/>.</summary>
/// <remarks>Only pages (messages of kind <c>escalation-step-fired</c>) are ever dropped: a page planned before the incident was
/// acknowledged, resolved, closed or cancelled (see <see cref="Incident.FindReasonToDropOrNull"/>). Every other message, and a
/// message about an incident the store does not hold, is sent without a read. The check and the drop event are one decision of
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
        if (message.EventKind != PageEventKind || message.Incident is null)
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
