namespace IncidentKit.Storage;

/// <summary>Describes an outbox message a dispatcher has claimed, with its delivery history and lease.</summary>
/// <param name="Message">The message.</param>
/// <param name="Attempts">How many times the message has been claimed, this claim included.</param>
/// <param name="LastError">The error a previous attempt reported, if any.</param>
/// <param name="Lease">The lease the dispatcher holds.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ClaimedOutboxMessage(OutboxMessage Message, int Attempts, string? LastError, WorkLease Lease);
