using IncidentKit.Communication;
using NodaTime;

namespace IncidentKit.Notifications.Dispatching;

// The bundle window per tenant, channel and recipients, kept in an INotificationThrottleStore (per process, or shared over a
// database so that several nodes throttle together). A window is taken before sending, so that another node sending to the
// same recipients waits for it; a group that sends nothing gives it back.
internal sealed class BundleThrottle(INotificationThrottleStore store, TimeSpan window)
{
    private readonly Duration _window = Duration.FromTimeSpan(window);

    public bool IsOn { get; } = window > TimeSpan.Zero;

    // Returns null when the window was free and is now this pass's, or the instant the current window ends.
    public ValueTask<Instant?> TryBeginAsync(DispatchGroup group, Instant now, CancellationToken cancellationToken) =>
        store.TryBeginAsync(group.Tenant, group.Channel, group.Recipients, now, _window, cancellationToken);

    public ValueTask ReleaseAsync(DispatchGroup group, Instant begunAt) =>
        store.ReleaseAsync(group.Tenant, group.Channel, group.Recipients, begunAt, CancellationToken.None);

    public ValueTask RecordSentAsync(DispatchGroup group, Instant sentAt) =>
        IsOn ? store.RecordSentAsync(group.Tenant, group.Channel, group.Recipients, sentAt, _window, CancellationToken.None) : ValueTask.CompletedTask;

    // A state change (acknowledged, resolved, ...) is news that must not wait for a window to end.
    public static bool IsStateChange(OutboxNotification row) => NotificationEventKinds.StateChanges.Contains(row.Message.EventKind);
}
