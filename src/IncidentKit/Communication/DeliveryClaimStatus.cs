namespace IncidentKit.Communication;

/// <summary>Lists the answers of <see cref="IDeliveryDeduplicationStore.TryClaimAsync"/>.</summary>
public enum DeliveryClaimStatus
{
    /// <summary>The key is yours to send; mark it delivered, record a failure or release it afterwards.</summary>
    Claimed = 0,

    /// <summary>The key was delivered on this channel already; do not send it again.</summary>
    AlreadyDelivered = 1,

    /// <summary>Another dispatcher is sending the key right now; look again after its hold.</summary>
    InFlight = 2,
}
