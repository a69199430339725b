using Ardalis.GuardClauses;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Represents a notification claimed from an outbox: its row id, the message and how many sends of it have failed.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class OutboxNotification
{
    /// <summary>Initializes a claimed notification.</summary>
    /// <param name="id">The outbox's id for the row.</param>
    /// <param name="message">The message.</param>
    /// <param name="failedAttempts">How many sends have failed so far (postponements do not count).</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty or <paramref name="failedAttempts"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public OutboxNotification(string id, NotificationMessage message, int failedAttempts)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        Message = Guard.Against.Null(message);
        FailedAttempts = Guard.Against.Negative(failedAttempts);
    }

    /// <summary>Gets the outbox's id for the row.</summary>
    public string Id { get; }

    /// <summary>Gets the message.</summary>
    public NotificationMessage Message { get; }

    /// <summary>Gets how many sends have failed so far; the next send is attempt <c>FailedAttempts + 1</c>.</summary>
    public int FailedAttempts { get; }

    /// <summary>Returns the row id and message, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Id} {Message}";
}
