using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Records the outcome of sends on the incidents' timelines: in the store's delivery log (<see cref="DeliveryLogRecorder"/>) or as events.</summary>
/// <remarks>Called after the outbox row is settled, so a recording that fails never causes a second send; the dispatcher counts
/// such failures in <see cref="DispatchReport.RecordingFailures"/>. <see cref="IncidentServiceDeliveryRecorder"/> appends the
/// events through an <see cref="Incidents.IncidentService"/>.</remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface INotificationDeliveryRecorder
{
    /// <summary>Records that a message was delivered.</summary>
    /// <param name="message">The message (for a bundle, each bundled message is recorded on its own).</param>
    /// <param name="attempt">The attempt that succeeded, from 1.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the outcome is recorded.</returns>
    ValueTask RecordDeliveredAsync(NotificationMessage message, int attempt, Instant at, CancellationToken cancellationToken = default);

    /// <summary>Records that an attempt to send a message failed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="attempt">The failed attempt, from 1.</param>
    /// <param name="reason">Why.</param>
    /// <param name="willRetry">Whether the message stays in the backlog.</param>
    /// <param name="at">When.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the outcome is recorded.</returns>
    ValueTask RecordFailedAsync(NotificationMessage message, int attempt, string reason, bool willRetry, Instant at, CancellationToken cancellationToken = default);
}
