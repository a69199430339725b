using Ardalis.GuardClauses;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Represents a notification claimed from an outbox: its row id and the message.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class OutboxNotification
{
    /// <summary>Initializes a claimed notification.</summary>
    /// <param name="id">The outbox's id for the row.</param>
    /// <param name="message">The message.</param>
    /// <param name="lease">The outbox's token for the claim (e.g. a lease token), handed back on settling; <see langword="null"/> if it needs none.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public OutboxNotification(string id, NotificationMessage message, object? lease = null)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        Message = Guard.Against.Null(message);
        Lease = lease;
    }

    /// <summary>Gets the outbox's id for the row.</summary>
    public string Id { get; }

    /// <summary>Gets the message.</summary>
    public NotificationMessage Message { get; }

    /// <summary>Gets the outbox's token for the claim, if it keeps one (an adapter over a store keeps the store's claim here).</summary>
    public object? Lease { get; }

    /// <summary>Returns the row id and message, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Id} {Message}";
}
