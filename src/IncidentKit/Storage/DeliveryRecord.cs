using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Guards;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Describes one outcome of sending a notification about an incident: an entry of the incident's delivery log.</summary>
/// <remarks>
/// <para>Deliveries are kept beside the incident's stream (<see cref="IDeliveryLog"/>), not as its events: they are many (about
/// half of a small incident's facts) and come from the dispatcher, so writing them as events would make every send contend
/// with the people working the incident for the stream's next version.</para>
/// <para><see cref="Id"/> derives from the tenant, the incident and the fact (a delivery per channel and key; a failure per
/// channel, key and attempt), so recording the same outcome twice keeps one entry, and two tenants that share an incident id
/// never share an entry.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record DeliveryRecord
{
    private const int MaxChannelLength = 100;
    private const int MaxReasonLength = 200;

    private DeliveryRecord(TenantId tenant, IncidentId incident, string channel, string idempotencyKey, int attempt, bool delivered,
        string? reason, bool willRetry, Instant at)
    {
        Guard.Against.Unset(tenant);
        Guard.Against.Unset(incident);
        Guard.Against.InvalidLine(channel, MaxChannelLength);
        Guard.Against.InvalidLine(idempotencyKey, NotificationMessage.MaxKeyLength);
        Guard.Against.NegativeOrZero(attempt);
        Tenant = tenant;
        Incident = incident;
        Channel = channel;
        IdempotencyKey = idempotencyKey;
        Attempt = attempt;
        Delivered = delivered;
        Reason = reason;
        WillRetry = willRetry;
        At = at;
        Id = delivered
            ? EventIds.Derived(tenant, incident, "delivered", channel, idempotencyKey)
            : EventIds.Derived(tenant, incident, "failed", channel, idempotencyKey, attempt.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Gets the entry's id, derived from the tenant, the incident and the fact.</summary>
    public Guid Id { get; }

    /// <summary>Gets the tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the incident the notification was about.</summary>
    public IncidentId Incident { get; }

    /// <summary>Gets the channel's name.</summary>
    public string Channel { get; }

    /// <summary>Gets the message's idempotency key.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets the attempt, from 1.</summary>
    public int Attempt { get; }

    /// <summary>Gets whether the channel accepted the message (<see langword="false"/>: the attempt failed).</summary>
    public bool Delivered { get; }

    /// <summary>Gets why the attempt failed, at most 200 characters; <see langword="null"/> for a delivery.</summary>
    public string? Reason { get; }

    /// <summary>Gets whether a failed message stays in the backlog for another attempt.</summary>
    public bool WillRetry { get; }

    /// <summary>Gets when the channel accepted the message or the attempt failed.</summary>
    public Instant At { get; }

    /// <summary>Returns the entry that records that a channel accepted a notification.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="channel">The channel's name, 1 to 100 characters on one line.</param>
    /// <param name="idempotencyKey">The message's idempotency key, on one line.</param>
    /// <param name="attempt">The attempt that succeeded, from 1.</param>
    /// <param name="at">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException">An id is unset, a text is empty, too long or holds a control character, or <paramref name="attempt"/> is less than 1.</exception>
    public static DeliveryRecord ForDelivery(TenantId tenant, IncidentId incident, string channel, string idempotencyKey, int attempt, Instant at) =>
        new(tenant, incident, channel, idempotencyKey, attempt, delivered: true, null, willRetry: false, at);

    /// <summary>Returns the entry that records a failed attempt to send a notification.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="channel">The channel's name, 1 to 100 characters on one line.</param>
    /// <param name="idempotencyKey">The message's idempotency key, on one line.</param>
    /// <param name="attempt">The failed attempt, from 1.</param>
    /// <param name="reason">Why; cut to 200 characters, control characters other than tab and line feed replaced by spaces.</param>
    /// <param name="willRetry">Whether the message stays in the backlog for another attempt.</param>
    /// <param name="at">When.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="ArgumentException">An id is unset, a text is empty, too long or holds a control character, or <paramref name="attempt"/> is less than 1.</exception>
    public static DeliveryRecord ForFailure(TenantId tenant, IncidentId incident, string channel, string idempotencyKey, int attempt, string reason,
        bool willRetry, Instant at)
    {
        Guard.Against.NullOrWhiteSpace(reason);

        // A reason comes from a remote server's answer: keep what it said, readable, rather than refuse to record the failure.
        var cleaned = string.Create(Math.Min(reason.Length, MaxReasonLength), reason,
            static (span, text) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = char.IsControl(text[i]) && text[i] is not '\t' and not '\n' ? ' ' : text[i];
                }
            });
        return new(tenant, incident, channel, idempotencyKey, attempt, delivered: false, cleaned, willRetry, at);
    }
}
