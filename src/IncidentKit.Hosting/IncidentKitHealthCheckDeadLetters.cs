using IncidentKit.Storage;

namespace IncidentKit.Hosting;

// The dead-letter part of the health check: how many notifications of the checked tenants were given up.
internal static class IncidentKitHealthCheckDeadLetters
{
    public static async Task<long> CountAsync(IOutboxDeadLetterStore store, IEnumerable<TenantId> tenants, CancellationToken cancellationToken)
    {
        var total = 0L;
        foreach (var tenant in tenants)
        {
            total += await store.CountDeadLettersAsync(tenant, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }
}
