namespace IncidentKit.Communication;

/// <summary>Sends notifications through one medium: a webhook, a chat room, e-mail, a console.</summary>
/// <remarks>
/// <para>Implementations live outside the pure core (IncidentKit.Notifications has webhook, chat, SMTP and text-writer channels).
/// The dispatcher retries, throttles and deduplicates around them, so a channel makes one attempt per call.</para>
/// <para>A channel that <see cref="HonoursIdempotencyKeys"/> passes <see cref="NotificationMessage.IdempotencyKey"/> to a receiver
/// that drops repeats, so a message sent again after a crash between sending and recording still arrives once.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface INotificationChannel
{
    /// <summary>Gets the channel's name, which <see cref="NotificationMessage.Channel"/> refers to (e.g. <c>webhook</c>, <c>email</c>).</summary>
    string Name { get; }

    /// <summary>Gets whether the receiving end drops a repeated idempotency key, making repeated sends harmless.</summary>
    bool HonoursIdempotencyKeys { get; }

    /// <summary>Sends one message, making a single attempt.</summary>
    /// <param name="message">The message; its <see cref="NotificationMessage.Channel"/> names this channel.</param>
    /// <param name="cancellationToken">The token to cancel the send.</param>
    /// <returns>How the attempt ended.</returns>
    ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default);
}
