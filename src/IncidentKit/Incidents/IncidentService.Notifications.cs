using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Incidents;

// What a notification dispatcher records on an incident's timeline. These facts belong to the commit path, not to decisions:
// they are written through this service (load, record once, append, retry on conflict), never by a user's decision.
public sealed partial class IncidentService
{
    /// <summary>Records on the incident's timeline that a channel accepted a notification about it; recording the same delivery again does nothing.</summary>
    /// <param name="message">The notification; one about no incident records nothing.</param>
    /// <param name="attempt">The attempt that succeeded, from 1.</param>
    /// <param name="at">When the channel accepted it (an instant before the opening is recorded as the opening).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes once the fact is stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="attempt"/> is less than 1.</exception>
    /// <exception cref="IncidentNotFoundException">The tenant has no such incident.</exception>
    public async Task RecordNotificationDeliveredAsync(NotificationMessage message, int attempt, Instant at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Incident is { } id)
        {
            await ExecuteAsync(message.Tenant, id,
                (incident, _) => incident.RecordNotificationDelivered(message.Channel, message.IdempotencyKey, attempt, Instant.Max(at, incident.OpenedAt)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records on the incident's timeline that an attempt to send a notification about it failed; recording the same attempt again does nothing.</summary>
    /// <param name="message">The notification; one about no incident records nothing.</param>
    /// <param name="attempt">The failed attempt, from 1.</param>
    /// <param name="reason">Why.</param>
    /// <param name="willRetry">Whether the message stays in the backlog for another attempt.</param>
    /// <param name="at">When the attempt failed (an instant before the opening is recorded as the opening).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes once the fact is stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="attempt"/> is less than 1 or <paramref name="reason"/> is empty.</exception>
    /// <exception cref="IncidentNotFoundException">The tenant has no such incident.</exception>
    public async Task RecordNotificationFailedAsync(NotificationMessage message, int attempt, string reason, bool willRetry, Instant at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Incident is { } id)
        {
            await ExecuteAsync(message.Tenant, id,
                (incident, _) => incident.RecordNotificationFailed(message.Channel, message.IdempotencyKey, attempt, reason, willRetry, Instant.Max(at, incident.OpenedAt)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Withdraws a queued notification that its incident no longer calls for (<see cref="Incident.FindReasonToDropOrNull"/>),
    /// recording the drop on the timeline once.</summary>
    /// <param name="message">The notification about to be sent.</param>
    /// <param name="now">The dispatcher's current instant.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>Why it was withdrawn, or <see langword="null"/> when it is still to be sent (also for a message about no incident).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="IncidentNotFoundException">The tenant has no such incident.</exception>
    public async Task<string?> DropIfNoLongerWantedAsync(NotificationMessage message, Instant now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Incident is not { } id)
        {
            return null;
        }

        string? reason = null;
        await ExecuteAsync(message.Tenant, id, (incident, at) =>
        {
            reason = incident.FindReasonToDropOrNull(message);
            if (reason is not null)
            {
                incident.RecordNotificationDropped(message.Channel, message.IdempotencyKey, reason, Instant.Max(Instant.Max(at, now), incident.LastChangedAt));
            }
        }, cancellationToken).ConfigureAwait(false);
        return reason;
    }
}
