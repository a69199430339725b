using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Describes an outbox message given up by its dispatcher: the message, how often it was claimed, why and when it was given up.</summary>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many times the message was claimed before it was given up.</param>
/// <param name="Reason">Why it was given up.</param>
/// <param name="DeadLetteredAt">When it was given up, by the store's clock.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record DeadLetter(OutboxMessage Message, int Attempts, string Reason, Instant DeadLetteredAt);
