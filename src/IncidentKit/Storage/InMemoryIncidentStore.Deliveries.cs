using Ardalis.GuardClauses;
using IncidentKit.Incidents;

namespace IncidentKit.Storage;

// The delivery log: entries per (tenant, incident), beside the streams, under the store's one lock.
public sealed partial class InMemoryIncidentStore : IDeliveryLog
{
    private readonly Dictionary<(TenantId Tenant, IncidentId Incident), Dictionary<Guid, DeliveryRecord>> _deliveries = [];

    /// <inheritdoc />
    public ValueTask<bool> RecordDeliveryAsync(DeliveryRecord record, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = (record.Tenant, record.Incident);
            if (!_streams.ContainsKey(key))
            {
                throw new IncidentNotFoundException(record.Tenant, record.Incident);
            }

            if (!_deliveries.TryGetValue(key, out var log))
            {
                _deliveries[key] = log = [];
            }

            return ValueTask.FromResult(log.TryAdd(record.Id, record));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeliveryRecord>> ReadDeliveriesAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<DeliveryRecord>>(_deliveries.TryGetValue((tenant, incident), out var log)
                ? [.. log.Values.OrderBy(d => d.At).ThenBy(d => d.Channel, StringComparer.Ordinal).ThenBy(d => d.IdempotencyKey, StringComparer.Ordinal)
                    .ThenBy(d => d.Attempt).ThenBy(d => d.Delivered)]
                : []);
        }
    }
}
