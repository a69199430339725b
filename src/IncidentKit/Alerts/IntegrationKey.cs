using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.Guards;

namespace IncidentKit.Alerts;

/// <summary>Describes an integration key: the secret a sender presents, stored only as its hash, tied to one tenant and source.</summary>
/// <remarks>Keys are random tokens of at least 128 bits (<see cref="NewSecret"/>), so an unsalted SHA-256 is enough to keep a
/// stolen database from revealing them; compare hashes, never secrets.</remarks>
/// <param name="Tenant">The tenant the key belongs to.</param>
/// <param name="Integration">The source it is for, e.g. <c>alertmanager</c>, <c>events-v2</c>, a webhook name, <c>heartbeat</c>, or
/// <see cref="AnySource"/>.</param>
/// <param name="KeyHash">The SHA-256 of the secret, 64 lower-case hex digits (<see cref="Hash"/>).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IntegrationKey(TenantId Tenant, string Integration, string KeyHash)
{
    /// <summary>The integration of a key that every source of its tenant accepts (a development or single-team shortcut).</summary>
    public const string AnySource = "*";

    /// <summary>Returns whether the key may deliver alerts from a source.</summary>
    /// <param name="integration">The source, e.g. <c>alertmanager</c>.</param>
    /// <returns><see langword="true"/> when the key is for that source or for <see cref="AnySource"/>.</returns>
    public bool Accepts(string integration) =>
        string.Equals(Integration, integration, StringComparison.Ordinal) || string.Equals(Integration, AnySource, StringComparison.Ordinal);

    /// <summary>Returns the stored form of a secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>64 lower-case hex digits.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is null or empty.</exception>
    public static string Hash(string secret)
    {
        Guard.Against.NullOrEmpty(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>Returns a new random secret: 32 random bytes as 43 URL-safe base64 characters.</summary>
    /// <returns>The secret.</returns>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Returns a key record for a secret.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="integration">The source, 1 to 100 characters.</param>
    /// <param name="secret">The secret.</param>
    /// <returns>The record, holding only the hash.</returns>
    /// <exception cref="ArgumentException">An argument is empty, unset or too long.</exception>
    public static IntegrationKey For(TenantId tenant, string integration, string secret)
    {
        Guard.Against.Unset(tenant);
        Guard.Against.InvalidText(integration, 100);
        return new(tenant, integration, Hash(secret));
    }
}
