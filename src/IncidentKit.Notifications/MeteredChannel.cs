using IncidentKit.Communication;

namespace IncidentKit.Notifications;

// Counts each send a channel accepts or refuses on the IncidentKit meter (a bundle is one send; a quick retry is another).
internal sealed class MeteredChannel(INotificationChannel inner, NotificationMetrics metrics) : INotificationChannel
{
    public string Name => inner.Name;

    public bool HonoursIdempotencyKeys => inner.HonoursIdempotencyKeys;

    public async ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        DeliveryResult result;
        try
        {
            result = await inner.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.RecordFailed(inner.Name);
            throw;
        }

        if (result.IsDelivered)
        {
            metrics.RecordSent(inner.Name);
        }
        else
        {
            metrics.RecordFailed(inner.Name);
        }

        return result;
    }
}
