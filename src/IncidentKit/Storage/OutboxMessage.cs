using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Describes a message for a dispatcher to deliver, written in the same transaction as the events that cause it.</summary>
/// <remarks>The store treats the message as an opaque envelope: <see cref="Kind"/> tells the dispatcher how to read
/// <see cref="Payload"/>, and <see cref="IdempotencyKey"/> travels with it so a channel can drop a repeated delivery (a lease
/// can expire while a slow delivery still succeeds).</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record OutboxMessage
{
    /// <summary>Gets the message's unique id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Gets the tenant; it must be the tenant of the change that carries the message.</summary>
    public required TenantId Tenant { get; init; }

    /// <summary>Gets the incident; it must be the incident of the change that carries the message.</summary>
    public required IncidentId Incident { get; init; }

    /// <summary>Gets what the message is, e.g. <c>notify.page</c> (1 to 200 characters).</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the message body: a JSON document whose shape <see cref="Kind"/> defines.</summary>
    public required string Payload { get; init; }

    /// <summary>Gets the key a channel deduplicates deliveries by (1 to 200 characters).</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets when the message was created; it is first due then.</summary>
    public required Instant CreatedAt { get; init; }
}
