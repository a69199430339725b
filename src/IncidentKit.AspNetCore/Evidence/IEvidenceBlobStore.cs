using IncidentKit.Incidents;

namespace IncidentKit.AspNetCore.Evidence;

/// <summary>Keeps the bytes of evidence files, per tenant and incident; the incident's events describe them.</summary>
/// <remarks>Implementations are thread-safe: <see cref="FileSystemEvidenceBlobStore"/> (a folder on disk) and
/// <see cref="InMemoryEvidenceBlobStore"/>.</remarks>
public interface IEvidenceBlobStore
{
    /// <summary>Stores a file's bytes.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="evidenceId">The evidence's id.</param>
    /// <param name="content">The bytes, read to the end.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>A task that completes when the bytes are stored durably.</returns>
    Task PutAsync(TenantId tenant, IncidentId incident, string evidenceId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Reads a file's bytes.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="evidenceId">The evidence's id.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The bytes, or <see langword="null"/> when none are stored.</returns>
    Task<byte[]?> GetAsync(TenantId tenant, IncidentId incident, string evidenceId, CancellationToken cancellationToken = default);
}
