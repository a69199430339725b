using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Checks the arguments of <see cref="INotificationThrottleStore"/> calls the same way in every store.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ThrottleContract
{
    /// <summary>The longest recipients key a throttle store accepts.</summary>
    public const int MaxRecipientsLength = 2000;

    /// <summary>Checks a tenant, channel, recipients key and window.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="recipients">The recipients' key.</param>
    /// <param name="window">The window's length.</param>
    /// <exception cref="ArgumentException">The tenant is unset, the channel is empty or longer than 200 characters, the key is
    /// empty or longer than <see cref="MaxRecipientsLength"/> characters, or the window is not positive.</exception>
    public static void Check(TenantId tenant, string channel, string recipients, Duration window)
    {
        if (tenant.Value is null)
        {
            throw new ArgumentException("Expected a tenant that was set.", nameof(tenant));
        }

        if (string.IsNullOrWhiteSpace(channel) || channel.Length > 200)
        {
            throw new ArgumentException("Expected a channel name of 1 to 200 characters.", nameof(channel));
        }

        if (string.IsNullOrEmpty(recipients) || recipients.Length > MaxRecipientsLength)
        {
            throw new ArgumentException($"Expected a recipients key of 1 to {MaxRecipientsLength} characters.", nameof(recipients));
        }

        if (window <= Duration.Zero)
        {
            throw new ArgumentException($"Expected a positive window, not {window}.", nameof(window));
        }
    }
}
