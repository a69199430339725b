using System.Collections.Concurrent;
using IncidentKit.Communication;

namespace IncidentKit.Hosting.Tests.Notifications;

// A channel in memory: fails while told to, otherwise accepts and keeps every send. Like a receiver that honours idempotency
// keys, it counts how often each key arrived, so a test can tell "sent twice" from "processed twice".
internal sealed class RecordingChannel(string name = "pager") : INotificationChannel
{
    private volatile bool _failing;

    public string Name { get; } = name;

    public bool HonoursIdempotencyKeys => true;

    public ConcurrentQueue<NotificationMessage> Accepted { get; } = new();

    public ConcurrentDictionary<string, int> Arrivals { get; } = new(StringComparer.Ordinal);

    public int Refused => _refused;

    private int _refused;

    public bool Failing
    {
        get => _failing;
        set => _failing = value;
    }

    // The messages the channel accepted, bundles opened up.
    public IReadOnlyList<NotificationMessage> Delivered => [.. Accepted.SelectMany(m => m.IsBundle ? m.Bundled : [m])];

    public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        if (_failing)
        {
            Interlocked.Increment(ref _refused);
            return ValueTask.FromResult(DeliveryResult.Transient("the pager service is down"));
        }

        Accepted.Enqueue(message);
        foreach (var m in message.IsBundle ? message.Bundled : [message])
        {
            Arrivals.AddOrUpdate(m.IdempotencyKey, 1, (_, n) => n + 1);
        }

        return ValueTask.FromResult(DeliveryResult.Delivered());
    }
}
