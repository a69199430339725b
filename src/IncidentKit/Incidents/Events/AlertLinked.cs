using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a monitoring alert was linked to the incident.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it (a person, or an automated actor such as <c>system:monitoring</c>).</param>
/// <param name="AlertKey">The alert's deduplication key.</param>
/// <param name="Source">The alerting system, if known.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertLinked(Guid EventId, Instant At, UserId Actor, string AlertKey, string? Source)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets when the alert started firing, as the alerting system reported it, if known.</summary>
    /// <value>The default value is <see langword="null"/>; events stored before this property existed read as <see langword="null"/>.</value>
    /// <remarks>Reports measure time to detect from the earliest such instant at or before the incident's opening.</remarks>
    public Instant? AlertStartsAt { get; init; }

    /// <summary>Gets the alert's labels as the alerting system reported them when the alert was linked.</summary>
    /// <value>The default value is an empty map; events stored before this property existed read as empty.</value>
    /// <remarks>Runbooks selected by alert labels match on them (see <see cref="Incident.AlertLabels"/>).</remarks>
    public IReadOnlyDictionary<string, string> AlertLabels
    {
        get;
        init => field = value ?? Alerts.Alert.EmptyLabels;
    } = Alerts.Alert.EmptyLabels;

    /// <summary>Compares every field, the labels by content (a map read back from a store is a new instance).</summary>
    /// <param name="other">The event to compare with.</param>
    /// <returns><see langword="true"/> when both record the same link.</returns>
    public bool Equals(AlertLinked? other) =>
        other is not null && base.Equals(other) && string.Equals(AlertKey, other.AlertKey, StringComparison.Ordinal)
        && string.Equals(Source, other.Source, StringComparison.Ordinal) && AlertStartsAt == other.AlertStartsAt
        && AlertLabels.Count == other.AlertLabels.Count
        && AlertLabels.All(l => other.AlertLabels.TryGetValue(l.Key, out var v) && string.Equals(l.Value, v, StringComparison.Ordinal));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), AlertKey, Source, AlertStartsAt, AlertLabels.Count);
}
