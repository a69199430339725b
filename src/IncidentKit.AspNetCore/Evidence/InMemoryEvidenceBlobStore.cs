using System.Collections.Concurrent;
using IncidentKit.Incidents;

namespace IncidentKit.AspNetCore.Evidence;

/// <summary>Keeps evidence files in memory: for tests and demos.</summary>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class InMemoryEvidenceBlobStore : IEvidenceBlobStore
{
    private readonly ConcurrentDictionary<(TenantId, IncidentId, string), byte[]> _blobs = new();

    /// <inheritdoc />
    public Task PutAsync(TenantId tenant, IncidentId incident, string evidenceId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        _blobs[(tenant, incident, evidenceId)] = content.ToArray();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<byte[]?> GetAsync(TenantId tenant, IncidentId incident, string evidenceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_blobs.TryGetValue((tenant, incident, evidenceId), out var bytes) ? bytes : null);
}
