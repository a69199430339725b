namespace IncidentKit.Communication;

/// <summary>Represents how one send to a channel ended, with a short reason on failure.</summary>
/// <remarks>Channels return failures rather than throw them where they can tell transient from permanent; an exception
/// escaping <see cref="INotificationChannel.SendAsync"/> is treated as transient. The default value is a delivery with no detail.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct DeliveryResult
{
    private DeliveryResult(DeliveryOutcome outcome, string? detail)
    {
        Outcome = outcome;
        Detail = detail;
    }

    /// <summary>Gets how the send ended.</summary>
    public DeliveryOutcome Outcome { get; }

    /// <summary>Gets a short reason (failures) or the channel's receipt (deliveries), if any.</summary>
    public string? Detail { get; }

    /// <summary>Gets whether the channel accepted the message.</summary>
    public bool IsDelivered => Outcome == DeliveryOutcome.Delivered;

    /// <summary>Returns a successful result.</summary>
    /// <param name="receipt">The channel's receipt, e.g. a provider message id, if any.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Delivered(string? receipt = null) => new(DeliveryOutcome.Delivered, receipt);

    /// <summary>Returns a failure worth retrying later.</summary>
    /// <param name="reason">Why, e.g. "HTTP 503 Service Unavailable".</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty or white space.</exception>
    public static DeliveryResult Transient(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(DeliveryOutcome.TransientFailure, reason);
    }

    /// <summary>Returns a failure that retrying will not fix.</summary>
    /// <param name="reason">Why, e.g. "HTTP 400 Bad Request".</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is empty or white space.</exception>
    public static DeliveryResult Permanent(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(DeliveryOutcome.PermanentFailure, reason);
    }
}
