using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Drops pages that are no longer wanted, asking the incident and recording the drop on its timeline through an <see cref="IncidentService"/>.</summary>
/// <remarks>A page (a message of kind <c>escalation-step-fired</c>) planned before the incident was acknowledged, resolved, closed
/// or cancelled is dropped, and so is every message of an exercise incident not marked as one (no drill channel configured; see
/// <see cref="ExerciseRouting"/> and <see cref="Incident.FindReasonToDropOrNull"/>). So only pages and exercise messages not marked
/// as one are checked against the incident: a message that is not a page and was planned for a real incident
/// (<see cref="NotificationMessage.IsExercise"/> <see langword="false"/>) or marked as an exercise is sent without reading the
/// store, and so is a message about no incident, or one the store does not hold. A message planned before
/// <see cref="NotificationMessage.IsExercise"/> existed (<see langword="null"/>) is checked as before. The check and the drop event are one decision of
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
        // Only a page can be unwanted for a real incident; any other message of one is sent without loading the incident.
        if (message.Incident is null
            || (message.EventKind != PageEventKind && (message.IsExercise == false || ExerciseRouting.IsMarked(message))))
        {
            return true;
        }

        try
        {
            return await _service.DropIfNoLongerWantedAsync(message, now, cancellationToken).ConfigureAwait(false) is null;
        }
        catch (IncidentKit.Incidents.IncidentNotFoundException)
        {
            return true;
        }
    }
}
