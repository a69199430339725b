namespace IncidentKit.Problems;

/// <summary>Identifies one alert across incidents: the integration (source) that raised it and its key (Alertmanager's
/// fingerprint, Events v2's dedup key), as recorded by <see cref="Incidents.Events.AlertLinked"/>.</summary>
/// <param name="Source">The integration, or null when the link did not name one.</param>
/// <param name="Key">The alert's key.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct AlertFingerprint(string? Source, string Key)
{
    /// <summary>Returns <c>source/key</c>, or the key alone when there is no source.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Source is null ? Key ?? string.Empty : $"{Source}/{Key}";
}
