using System.Runtime.CompilerServices;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

// The reporting query (IIncidentHistoryReader): per tenant, a sorted index of (settled instant, incident), with open incidents
// at long.MaxValue, kept up to date by every append. A period's active incidents are one range of it, [start, ∞), filtered by
// opening; the SQL stores use the same key in an index.
public sealed partial class InMemoryIncidentStore : IIncidentHistoryReader
{
    private readonly Dictionary<TenantId, SortedSet<(long Settled, Guid Incident)>> _bySettling = [];

    /// <inheritdoc />
    public async IAsyncEnumerable<IncidentHistory> ReadActiveAsync(TenantId tenant, Interval period,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IncidentActivity.CheckPeriod(period);
        cancellationToken.ThrowIfCancellationRequested();
        var from = period.Start.ToUnixTimeTicks();
        var end = period.End;
        List<Guid> ids;
        lock (_lock)
        {
            if (!_bySettling.TryGetValue(tenant, out var index) || index.Count == 0 || index.Max.Settled < from)
            {
                yield break;
            }

            ids = [.. index.GetViewBetween((from, Guid.Empty), (long.MaxValue, Guid.AllBitsSet)).Select(k => k.Incident)];
        }

        foreach (var id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IncidentHistory? history = null;
            lock (_lock)
            {
                var incident = new IncidentId(id);
                if (_streams.TryGetValue((tenant, incident), out var stream) && stream.Summary.OpenedAt < end
                    && IncidentActivity.WasActiveIn(stream.Summary, period))
                {
                    history = new IncidentHistory(tenant, incident, stream.Events.Count, 0, [.. stream.Events]);
                }
            }

            if (history is not null)
            {
                yield return history;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    internal static long SettledKey(IncidentSummary summary) =>
        IncidentActivity.SettledAt(summary) is { } settled ? settled.ToUnixTimeTicks() : long.MaxValue;

    // Called under the lock by the append, with the summary before (null for a new stream) and after.
    private void IndexSettling(TenantId tenant, IncidentSummary? before, IncidentSummary after)
    {
        if (!_bySettling.TryGetValue(tenant, out var index))
        {
            _bySettling[tenant] = index = [];
        }

        if (before is not null)
        {
            index.Remove((SettledKey(before), before.Id.Value));
        }

        index.Add((SettledKey(after), after.Id.Value));
    }
}
