namespace IncidentKit.Notifications.Dispatching;

// A row whose idempotency key this dispatcher holds, with the failed attempts its key had before.
internal readonly record struct ClaimedRow(OutboxNotification Row, int FailedAttempts);
