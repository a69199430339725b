using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Alerts;

/// <summary>Records one received alert report in the intake's inbox: the fact, kept whether or not it opens anything.</summary>
/// <remarks>A report is identified by tenant, integration, key, status and start (<see cref="DedupKey"/>); receiving the same
/// report again adds no record but counts an occurrence and moves <see cref="LastSeenAt"/>.</remarks>
/// <param name="Id">The record's id.</param>
/// <param name="Tenant">The tenant whose integration key received it.</param>
/// <param name="Alert">The alert as parsed.</param>
/// <param name="ReceivedAt">When it was first received.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertReceived(Guid Id, TenantId Tenant, Alert Alert, Instant ReceivedAt)
{
    /// <summary>Gets how many times the report was received.</summary>
    /// <value>The default value is 1.</value>
    public long Occurrences { get; init; } = 1;

    /// <summary>Gets when the report was last received.</summary>
    public Instant LastSeenAt { get; init; } = ReceivedAt;

    /// <summary>Gets whether the intake has processed the report.</summary>
    public bool Processed { get; init; }

    /// <summary>Gets the identity of the report: a SHA-256 hex digest of integration, key, status and start.</summary>
    public string DedupKey => DedupKeyOf(Alert);

    /// <summary>Returns the identity of an alert report: a SHA-256 hex digest of integration, key, status and start.</summary>
    /// <param name="alert">The alert.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string DedupKeyOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{alert.Integration}\n{alert.Key}\n{(int)alert.Status}\n{InstantPattern.ExtendedIso.Format(alert.StartsAt)}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
