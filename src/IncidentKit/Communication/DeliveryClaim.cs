namespace IncidentKit.Communication;

/// <summary>Represents the answer to a claim on an idempotency key: whether to send, and how many sends of it failed before.</summary>
/// <param name="Status">Whether the caller may send.</param>
/// <param name="FailedAttempts">How many sends of this key on this channel have failed so far; the next is attempt <c>FailedAttempts + 1</c>.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct DeliveryClaim(DeliveryClaimStatus Status, int FailedAttempts);
