using Ardalis.GuardClauses;

namespace IncidentKit.Communication;

/// <summary>Represents where the notifications of an exercise incident (<see cref="Incidents.Incident.IsExercise"/>) go instead of
/// their real recipients: one drill channel and its audience.</summary>
/// <remarks>
/// <para><see cref="NotificationOutboxPlanner"/> sends every message about an exercise incident (pages, status updates, SLA
/// notices, major-incident messages) to <see cref="Channel"/> and <see cref="Recipients"/>, with subject and body starting with
/// <see cref="Marker"/>. Without a routing, the planner leaves the messages as composed and
/// <see cref="Incidents.Incident.FindReasonToDropOrNull"/> withdraws every unmarked message of an exercise incident before it
/// is sent, recording a <c>NotificationDropped</c> event: an exercise never pages real people.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class ExerciseRouting
{
    /// <summary>The text that starts the subject and body of every message about an exercise incident.</summary>
    public const string Marker = "[EXERCISE]";

    /// <summary>Initializes a routing.</summary>
    /// <param name="channel">The drill channel's name.</param>
    /// <param name="recipients">The drill audience; may be empty for a channel with a fixed destination.</param>
    /// <exception cref="ArgumentException"><paramref name="channel"/> is empty or a recipient is unset.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ExerciseRouting(string channel, IReadOnlyList<Recipient> recipients)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.Null(recipients);
        if (recipients.Any(r => r.Value is null))
        {
            throw new ArgumentException("Every drill recipient must be set.", nameof(recipients));
        }

        Channel = channel;
        Recipients = [.. recipients];
    }

    /// <summary>Gets the drill channel's name.</summary>
    public string Channel { get; }

    /// <summary>Gets the drill audience.</summary>
    public IReadOnlyList<Recipient> Recipients { get; }

    /// <summary>Returns whether a message's subject carries the exercise <see cref="Marker"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns><see langword="true"/> when it is marked as an exercise.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static bool IsMarked(NotificationMessage message) => Guard.Against.Null(message).Subject.StartsWith(Marker, StringComparison.Ordinal);

    /// <summary>Returns a message redirected to the drill channel and audience and marked as an exercise.</summary>
    /// <param name="message">The message as composed for real recipients.</param>
    /// <returns>The drill message, with the same idempotency key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public NotificationMessage Redirect(NotificationMessage message)
    {
        Guard.Against.Null(message);
        var subject = Mark(message.Subject, NotificationMessage.MaxSubjectLength);
        var body = Mark($"(for {message.Channel}) {message.Body}", NotificationMessage.MaxBodyLength);
        return new NotificationMessage(Channel, message.Tenant, message.Incident, message.EventKind, Recipients, subject, body, message.Link,
            message.Priority, message.IdempotencyKey, message.CreatedAt)
        {
            IsExercise = message.IsExercise,
        };
    }

    private static string Mark(string text, int max)
    {
        var marked = $"{Marker} {text}";
        return marked.Length <= max ? marked : marked[..max];
    }
}
