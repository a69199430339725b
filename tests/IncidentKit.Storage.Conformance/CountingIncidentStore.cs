using IncidentKit.Incidents;

namespace IncidentKit.Storage.Conformance;

/// <summary>Counts appends and the conflicts a store reports, and yields between read and append so that writers interleave.</summary>
/// <param name="inner">The store under test.</param>
public sealed class CountingIncidentStore(IIncidentStore inner) : IIncidentStore
{
    private int _appends;
    private int _conflicts;

    /// <summary>Gets how many appends were attempted.</summary>
    public int Appends => Volatile.Read(ref _appends);

    /// <summary>Gets how many appends the store refused with <see cref="IncidentConcurrencyException"/>.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <inheritdoc />
    public async ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
    {
        var history = await inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);
        await Task.Yield(); // let another writer in between this read and the append that follows it
        return history;
    }

    /// <inheritdoc />
    public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
        inner.ListAsync(tenant, query, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _appends);
        try
        {
            return await inner.AppendAsync(change, cancellationToken);
        }
        catch (IncidentConcurrencyException)
        {
            Interlocked.Increment(ref _conflicts);
            throw;
        }
    }
}
