using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Describes one monitoring alert as a sender reported it, in a sender-neutral shape.</summary>
/// <remarks>
/// <para>The <see cref="Key"/> identifies the alert across notifications (Alertmanager's <c>fingerprint</c>, Events v2's
/// <c>dedup_key</c>); together with <see cref="Status"/> and <see cref="StartsAt"/> it identifies one report, so a resent or
/// duplicated report is recognised and counted instead of acted on again.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record Alert
{
    /// <summary>The longest key accepted, in characters (the Events v2 limit).</summary>
    public const int MaxKeyLength = 255;

    /// <summary>Gets the integration that received it, e.g. <c>alertmanager</c>, <c>events-v2</c> or a webhook's name.</summary>
    public required string Integration { get; init; }

    /// <summary>Gets the deduplication key or fingerprint (1 to 255 characters).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the reported state.</summary>
    public required AlertStatus Status { get; init; }

    /// <summary>Gets the labels that identify and route the alert.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    /// <summary>Gets the annotations: descriptive text that neither identifies nor routes it.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = EmptyLabels;

    /// <summary>Gets when the condition began, as the sender says.</summary>
    public required Instant StartsAt { get; init; }

    /// <summary>Gets when the condition ended, or <see langword="null"/> while it fires.</summary>
    public Instant? EndsAt { get; init; }

    /// <summary>Gets the link back to the rule or graph that produced the alert, if any.</summary>
    public string? GeneratorUrl { get; init; }

    /// <summary>Gets the sender's severity text (e.g. <c>critical</c>, <c>warning</c>, <c>info</c>), if any.</summary>
    public string? Severity { get; init; }

    /// <summary>Gets a one-line summary, used as the title of an incident the alert opens.</summary>
    public required string Summary { get; init; }

    /// <summary>Gets the group key the sender assigned (Alertmanager <c>groupKey</c>, Events v2 <c>dedup_key</c>), if any.</summary>
    public string? SenderGroupKey { get; init; }

    /// <summary>Gets an empty, shared label set.</summary>
    public static IReadOnlyDictionary<string, string> EmptyLabels { get; } = new Dictionary<string, string>(0, StringComparer.Ordinal).AsReadOnly();
}
