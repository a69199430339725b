using System.Security.Cryptography;
using System.Text;
using IncidentKit.Incidents;

namespace IncidentKit.AspNetCore.Evidence;

/// <summary>Keeps evidence files in a folder on disk: <c>{root}/{tenant hash}/{incident}/{evidence id}</c>.</summary>
/// <remarks>The tenant is hashed and ids are checked, so no request text ever becomes a path. A file is written to a temporary name
/// and moved into place, so a reader never sees half a file.</remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class FileSystemEvidenceBlobStore : IEvidenceBlobStore
{
    private readonly string _root;

    /// <summary>Initializes the store over a folder (created when missing).</summary>
    /// <param name="root">The folder.</param>
    /// <exception cref="ArgumentException"><paramref name="root"/> is null or white space.</exception>
    public FileSystemEvidenceBlobStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    /// <inheritdoc />
    public async Task PutAsync(TenantId tenant, IncidentId incident, string evidenceId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(tenant, incident, evidenceId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.WriteThrough))
        {
            await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetAsync(TenantId tenant, IncidentId incident, string evidenceId, CancellationToken cancellationToken = default)
    {
        var path = PathOf(tenant, incident, evidenceId);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false) : null;
    }

    private string PathOf(TenantId tenant, IncidentId incident, string evidenceId)
    {
        if (string.IsNullOrEmpty(evidenceId) || evidenceId.Length > 64 || !evidenceId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("An evidence id has 1 to 64 ASCII letters, digits or dashes.", nameof(evidenceId));
        }

        var tenantDir = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenant.Value)))[..32];
        return Path.Combine(_root, tenantDir, incident.Value.ToString("N"), evidenceId);
    }
}
