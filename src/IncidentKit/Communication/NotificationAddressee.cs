namespace IncidentKit.Communication;

/// <summary>Represents one party to tell about an event, on one channel, and what they may read.</summary>
/// <param name="Recipient">Who.</param>
/// <param name="Channel">The channel's name.</param>
/// <param name="Audience">The subscriber's audience.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct NotificationAddressee(Recipient Recipient, string Channel, Audience Audience);
