using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Keeps the throttling window per tenant, channel and recipients, shared by every dispatcher that sends to them.</summary>
/// <remarks>
/// <para>A dispatcher asks <see cref="TryBeginAsync"/> before it sends to a set of recipients on a channel: either the window is
/// free and is taken by the caller (from <c>now</c> for <c>window</c>), or the caller learns when the current window ends and
/// waits until then. After a send the window restarts at the instant of the send (<see cref="RecordSentAsync"/>); when nothing
/// was sent after all, <see cref="ReleaseAsync"/> gives the window back. Taking the window is atomic, so two dispatchers over
/// one database never both send to the same recipients within one window.</para>
/// <para>Recipients are named by a key the dispatcher derives (its bundler's recipients key); the store treats it as opaque
/// text of 1 to 2 000 characters. Windows whose end has passed may be forgotten at any time.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once; the SQL stores' are safe across processes.</threadsafety>
public interface INotificationThrottleStore
{
    /// <summary>Takes the throttling window for recipients on a channel, unless another send holds it.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="recipients">The recipients' key.</param>
    /// <param name="now">The current instant; the window taken starts here.</param>
    /// <param name="window">The window's length; positive.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns><see langword="null"/> when the caller took the window and may send; otherwise the instant the current window ends.</returns>
    /// <exception cref="ArgumentException">The tenant is unset, the channel or key is empty, or the window is not positive.</exception>
    ValueTask<Instant?> TryBeginAsync(TenantId tenant, string channel, string recipients, Instant now, Duration window, CancellationToken cancellationToken = default);

    /// <summary>Restarts the window at the instant a send to the recipients completed.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="recipients">The recipients' key.</param>
    /// <param name="sentAt">When the send completed.</param>
    /// <param name="window">The window's length; positive.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the window is stored.</returns>
    /// <exception cref="ArgumentException">The tenant is unset, the channel or key is empty, or the window is not positive.</exception>
    ValueTask RecordSentAsync(TenantId tenant, string channel, string recipients, Instant sentAt, Duration window, CancellationToken cancellationToken = default);

    /// <summary>Gives back a window taken by <see cref="TryBeginAsync"/> at <paramref name="begunAt"/> when nothing was sent, so the next message need not wait.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="recipients">The recipients' key.</param>
    /// <param name="begunAt">The <c>now</c> the window was taken with; a window restarted since (by a send) is kept.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>A task that completes when the window is released.</returns>
    ValueTask ReleaseAsync(TenantId tenant, string channel, string recipients, Instant begunAt, CancellationToken cancellationToken = default);
}
