using Ardalis.GuardClauses;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Notifications;

/// <summary>Records delivery outcomes as events on the incidents' streams through an <see cref="IncidentService"/>.</summary>
/// <remarks>Each outcome is one small append with the service's conflict retry, so it contends with the people working the
/// incident for the stream's next version; prefer <see cref="DeliveryLogRecorder"/>, which keeps outcomes in the store's
/// delivery log beside the stream (the default of <c>AddNotifications</c>). The events' ids derive from channel, key and
/// attempt, so recording an outcome twice stores it once. Messages without an incident are skipped.</remarks>
/// <threadsafety>All members are thread-safe when the service's store is.</threadsafety>
public sealed class IncidentServiceDeliveryRecorder : INotificationDeliveryRecorder
{
    private readonly IncidentService _service;

    /// <summary>Initializes the recorder.</summary>
    /// <param name="service">The service that loads and appends incidents.</param>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
    public IncidentServiceDeliveryRecorder(IncidentService service) => _service = Guard.Against.Null(service);

    /// <inheritdoc/>
    public async ValueTask RecordDeliveredAsync(NotificationMessage message, int attempt, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        await _service.RecordNotificationDeliveredAsync(message, attempt, at, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask RecordFailedAsync(NotificationMessage message, int attempt, string reason, bool willRetry, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        await _service.RecordNotificationFailedAsync(message, attempt, reason, willRetry, at, cancellationToken).ConfigureAwait(false);
    }
}
