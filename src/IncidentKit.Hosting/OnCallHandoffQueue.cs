using System.Collections.Concurrent;
using IncidentKit.Communication;

namespace IncidentKit.Hosting;

// Handoff notices waiting for the notification dispatcher of this process (IncidentKit.Notifications drains it). Bounded, so
// that a host without a dispatcher does not grow it forever: past the bound the oldest notices are dropped.
internal sealed class OnCallHandoffQueue
{
    internal const int Capacity = 10_000;

    private readonly ConcurrentQueue<NotificationMessage> _messages = new();

    public int Count => _messages.Count;

    public void Enqueue(IEnumerable<NotificationMessage> messages)
    {
        foreach (var message in messages)
        {
            _messages.Enqueue(message);
        }

        while (_messages.Count > Capacity && _messages.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<NotificationMessage> Drain()
    {
        var drained = new List<NotificationMessage>();
        while (_messages.TryDequeue(out var message))
        {
            drained.Add(message);
        }

        return drained;
    }
}
