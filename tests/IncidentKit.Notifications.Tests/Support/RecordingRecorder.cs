using System.Collections.Concurrent;
using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications.Tests.Support;

internal sealed class RecordingRecorder : INotificationDeliveryRecorder
{
    internal ConcurrentQueue<(string Key, int Attempt)> Delivered { get; } = new();

    internal ConcurrentQueue<(string Key, int Attempt, string Reason, bool WillRetry)> Failed { get; } = new();

    public ValueTask RecordDeliveredAsync(NotificationMessage message, int attempt, Instant at, CancellationToken cancellationToken = default)
    {
        Delivered.Enqueue((message.IdempotencyKey, attempt));
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordFailedAsync(NotificationMessage message, int attempt, string reason, bool willRetry, Instant at, CancellationToken cancellationToken = default)
    {
        Failed.Enqueue((message.IdempotencyKey, attempt, reason, willRetry));
        return ValueTask.CompletedTask;
    }
}
