using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Answers, just before a message leaves the outbox, whether it is still wanted; the dispatcher drops one that is not.</summary>
/// <remarks>
/// <para>A message can wait in the outbox a while after it was planned: throttled into a bundle window, retried after a failure,
/// held while a channel's circuit is open. Meanwhile the world moves on; a page planned while nobody had answered is not wanted
/// once someone acknowledged. The <see cref="NotificationDispatcher"/> asks this check once per message, after throttling and
/// before sending, and completes a message that is no longer wanted without sending it (counted in <see cref="DispatchReport.Dropped"/>).</para>
/// <para>An implementation that says no records why, so the drop shows on the timeline: <see cref="IncidentServiceSendCheck"/> asks
/// the incident (<see cref="Incidents.Incident.FindReasonToDropOrNull"/>) and records a <c>NotificationDropped</c> event.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface INotificationSendCheck
{
    /// <summary>Returns whether a message is still wanted now; when not, records why wherever the implementation keeps such facts.</summary>
    /// <param name="message">The message about to be sent.</param>
    /// <param name="now">The current instant.</param>
    /// <param name="cancellationToken">The token to cancel the check.</param>
    /// <returns><see langword="true"/> to send it, <see langword="false"/> to drop it.</returns>
    ValueTask<bool> ShouldSendAsync(NotificationMessage message, Instant now, CancellationToken cancellationToken = default);
}
