using System.Security.Cryptography;
using System.Text;
using IncidentKit.Authorization;
using NodaTime;

namespace IncidentKit.AspNetCore.Security;

/// <summary>Creates personal API keys (<c>ik_</c> followed by an id and a random secret) and hashes them for storage.</summary>
/// <remarks>Keys carry 256 random bits, so one SHA-256 is enough to store them safely (a slow password hash guards low-entropy secrets;
/// these are not). Only the hash is stored; the text is shown once, when the key is created.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ApiKeys
{
    /// <summary>Gets the prefix every key starts with.</summary>
    public const string Prefix = "ik_";

    /// <summary>Returns a new key and the record to store for it.</summary>
    /// <param name="tenant">The tenant the key acts in.</param>
    /// <param name="user">Whom it acts as.</param>
    /// <param name="roles">Its roles.</param>
    /// <param name="name">A label, or <see langword="null"/>.</param>
    /// <param name="at">When it is created.</param>
    /// <returns>The key's text (show it once) and its record.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="roles"/> is null.</exception>
    public static (string Key, ApiKeyRecord Record) Create(TenantId tenant, UserId user, IEnumerable<IncidentRole> roles, string? name, Instant at)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Prefix}{id}_{secret}";
        return (key, Record(key, tenant, user, roles, name, at, id));
    }

    /// <summary>Returns the record to store for a key whose text is given (e.g. a development key from configuration).</summary>
    /// <param name="key">The key text; it starts with <c>ik_</c> and has at least 24 characters.</param>
    /// <param name="tenant">The tenant the key acts in.</param>
    /// <param name="user">Whom it acts as.</param>
    /// <param name="roles">Its roles.</param>
    /// <param name="name">A label, or <see langword="null"/>.</param>
    /// <param name="at">When it is created.</param>
    /// <param name="id">Its id, or <see langword="null"/> to derive one from the hash.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not a well-formed key.</exception>
    public static ApiKeyRecord Record(string key, TenantId tenant, UserId user, IEnumerable<IncidentRole> roles, string? name, Instant at, string? id = null)
    {
        if (!IsWellFormed(key))
        {
            throw new ArgumentException($"An API key starts with '{Prefix}' and has 24 to 256 characters.", nameof(key));
        }

        ArgumentNullException.ThrowIfNull(roles);
        var hash = Hash(key);
        return new ApiKeyRecord(id ?? hash[..12], hash, tenant, user, [.. roles.Distinct().Order()], name, at, null);
    }

    /// <summary>Returns whether a text has the shape of a key (it may still be unknown or revoked).</summary>
    /// <param name="key">The text.</param>
    /// <returns><see langword="true"/> when it starts with <c>ik_</c> and has 24 to 256 characters.</returns>
    public static bool IsWellFormed(string? key) =>
        key is { Length: >= 24 and <= 256 } && key.StartsWith(Prefix, StringComparison.Ordinal) && !key.Any(char.IsWhiteSpace);

    /// <summary>Returns the SHA-256 of a key's text as lower-case hex: what the stores keep.</summary>
    /// <param name="key">The key text.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
