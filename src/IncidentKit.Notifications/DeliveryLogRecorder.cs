using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Records delivery outcomes in the incidents' delivery logs (<see cref="IDeliveryLog"/>), beside their streams.</summary>
/// <remarks>Each outcome is one small idempotent write that never touches the incident's stream, so it never contends with the
/// people working the incident (unlike <see cref="IncidentServiceDeliveryRecorder"/>, which appends events). The timeline
/// shows the entries through <see cref="IncidentTimeline.Merge"/>. Messages without an incident are skipped. This is the
/// recorder <c>AddNotifications</c> registers when the store keeps a delivery log (all the stores that ship do).</remarks>
/// <threadsafety>All members are thread-safe when the log is.</threadsafety>
public sealed class DeliveryLogRecorder : INotificationDeliveryRecorder
{
    private readonly IDeliveryLog _log;

    /// <summary>Initializes the recorder.</summary>
    /// <param name="log">The delivery log, usually the incident store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    public DeliveryLogRecorder(IDeliveryLog log) => _log = Guard.Against.Null(log);

    /// <inheritdoc/>
    /// <exception cref="IncidentKit.Incidents.IncidentNotFoundException">The message's tenant has no such incident.</exception>
    public async ValueTask RecordDeliveredAsync(NotificationMessage message, int attempt, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        if (message.Incident is { } id)
        {
            await _log.RecordDeliveryAsync(DeliveryRecord.ForDelivery(message.Tenant, id, message.Channel, message.IdempotencyKey, attempt, at),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="IncidentKit.Incidents.IncidentNotFoundException">The message's tenant has no such incident.</exception>
    public async ValueTask RecordFailedAsync(NotificationMessage message, int attempt, string reason, bool willRetry, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        if (message.Incident is { } id)
        {
            await _log.RecordDeliveryAsync(DeliveryRecord.ForFailure(message.Tenant, id, message.Channel, message.IdempotencyKey, attempt, reason, willRetry, at),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
