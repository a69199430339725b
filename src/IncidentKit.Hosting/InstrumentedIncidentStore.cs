using IncidentKit.Incidents;
using IncidentKit.Storage;

namespace IncidentKit.Hosting;

// Wraps the host's store for IncidentService and the worker so that every stored user change feeds the metrics and is traced.
internal sealed class InstrumentedIncidentStore(IIncidentKitStore inner, IncidentKitMetrics metrics, IEnumerable<IIncidentAppendObserver>? observers = null) : IIncidentStore
{
    private readonly IIncidentAppendObserver[] _observers = observers?.ToArray() ?? [];

    public IncidentKitMetrics Metrics => metrics;

    // Due work is written in the same transaction as the events, so the worker claims it from the same storage unit.
    public IDueWorkStore DueWork => inner;

    public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);

    public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(tenant, query, cancellationToken);

    public async ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var activity = IncidentKitDiagnostics.ActivitySource.StartActivity(IncidentKitDiagnostics.Append);
        activity?.SetTag(IncidentKitDiagnostics.TenantId, change.Tenant.Value);
        activity?.SetTag(IncidentKitDiagnostics.IncidentId, change.Incident.ToString());
        activity?.SetTag(IncidentKitDiagnostics.EventsCount, change.Events.Count);
        AppendResult result;
        try
        {
            result = await inner.AppendAsync(change, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            IncidentKitDiagnostics.RecordFailure(activity, ex);
            throw;
        }

        if (!result.WasDuplicate)
        {
            metrics.RecordAppended(change);
            foreach (var observer in _observers)
            {
                observer.OnAppended(change, result.Version);
            }
        }

        return result;
    }
}
