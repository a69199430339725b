using System.Collections.Concurrent;
using IncidentKit.Communication;

namespace IncidentKit.Notifications.Tests.Support;

/// <summary>An in-memory channel whose answer to each send is scripted; it keeps what it accepted.</summary>
internal sealed class ScriptedChannel(string name = "pager", bool honoursIdempotencyKeys = true) : INotificationChannel
{
    private int _calls;

    public string Name { get; } = name;

    public bool HonoursIdempotencyKeys { get; } = honoursIdempotencyKeys;

    /// <summary>Gets or sets the answer to the n-th call (from 1); throw from it to simulate an exception.</summary>
    internal Func<int, DeliveryResult> Answer { get; set; } = _ => DeliveryResult.Delivered();

    internal int Calls => _calls;

    internal ConcurrentQueue<NotificationMessage> Accepted { get; } = new();

    public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        var result = Answer(Interlocked.Increment(ref _calls));
        if (result.IsDelivered)
        {
            Accepted.Enqueue(message);
        }

        return ValueTask.FromResult(result);
    }
}
