namespace IncidentKit.Communication;

/// <summary>Lists how an attempt to hand a notification to a channel ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The channel accepted the message.</summary>
    Delivered = 0,

    /// <summary>The channel failed in a way that may pass (timeout, 5xx, 429, connection refused); try again later.</summary>
    TransientFailure = 1,

    /// <summary>The channel refused the message for good (4xx, unknown mailbox, no address for the recipient); retrying will not help.</summary>
    PermanentFailure = 2,
}
