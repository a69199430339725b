namespace IncidentKit.Notifications;

/// <summary>Summarises one <see cref="NotificationDispatcher.DispatchAsync"/> pass, e.g. for metrics and logs.</summary>
/// <param name="Claimed">The outbox rows claimed.</param>
/// <param name="Sent">The sends a channel accepted (a bundle is one send).</param>
/// <param name="Delivered">The rows delivered (each row in a bundle counts).</param>
/// <param name="Bundled">The rows delivered as part of a bundle.</param>
/// <param name="Duplicates">The rows completed without sending because their key was delivered already.</param>
/// <param name="Postponed">The rows put back without using an attempt: throttled, circuit open, or another dispatcher sending them.</param>
/// <param name="Retrying">The rows whose send failed and that will be tried again.</param>
/// <param name="Abandoned">The rows given up: a permanent failure, or the last attempt failed.</param>
/// <param name="RecordingFailures">The delivery outcomes the recorder failed to record.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct DispatchReport(int Claimed, int Sent, int Delivered, int Bundled, int Duplicates, int Postponed, int Retrying,
    int Abandoned, int RecordingFailures)
{
    /// <summary>Gets the rows completed without sending because the <see cref="INotificationSendCheck"/> said they were no longer wanted (a page after its acknowledgement).</summary>
    public int Dropped { get; init; }
}
