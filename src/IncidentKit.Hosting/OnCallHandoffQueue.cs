using System.Collections.Concurrent;
using IncidentKit.Communication;

namespace IncidentKit.Hosting;

/// <summary>Holds the handoff notices of run-time on-call changes made in this process (<see cref="OnCallAdjustments"/>) until a
/// notification dispatcher takes them.</summary>
/// <remarks>IncidentKit.Notifications drains it into its dispatcher; a host with a dispatcher of its own drains it with
/// <see cref="Drain"/>. Bounded, so that a host without a dispatcher does not grow it forever: past <see cref="Capacity"/> the
/// oldest notices are dropped.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is a queue, drained in order, and the name was there before it became public.")]
public sealed class OnCallHandoffQueue
{
    /// <summary>The most notices held; past it the oldest are dropped.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentQueue<NotificationMessage> _messages = new();

    /// <summary>Gets how many notices wait.</summary>
    public int Count => _messages.Count;

    /// <summary>Adds notices, dropping the oldest past <see cref="Capacity"/>.</summary>
    /// <param name="messages">The notices.</param>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    public void Enqueue(IEnumerable<NotificationMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            _messages.Enqueue(message);
        }

        while (_messages.Count > Capacity && _messages.TryDequeue(out _))
        {
        }
    }

    /// <summary>Takes every waiting notice, oldest first.</summary>
    /// <returns>The notices; empty when none wait.</returns>
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
