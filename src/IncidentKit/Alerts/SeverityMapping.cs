using System.Collections.Frozen;
using Ardalis.GuardClauses;
using IncidentKit.Prioritization;

namespace IncidentKit.Alerts;

/// <summary>Maps an alert's severity text to an impact and urgency, so the priority matrix still decides the priority.</summary>
/// <remarks>Severity names compare case-insensitively. <see cref="Default"/> knows the Alertmanager and Events v2 words:
/// <c>critical</c>/<c>page</c> → high/high, <c>error</c>/<c>high</c> → medium/high, <c>warning</c> → medium/medium,
/// <c>info</c>/<c>low</c> → low/low; anything else (or none) takes <see cref="Fallback"/>, medium/medium.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SeverityMapping
{
    private readonly FrozenDictionary<string, (Impact Impact, Urgency Urgency)> _map;

    /// <summary>Initializes a mapping.</summary>
    /// <param name="map">Severity names and what they mean.</param>
    /// <param name="fallback">What an unknown or missing severity means.</param>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is null.</exception>
    public SeverityMapping(IEnumerable<KeyValuePair<string, (Impact Impact, Urgency Urgency)>> map, (Impact Impact, Urgency Urgency) fallback)
    {
        Guard.Against.Null(map);
        _map = map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Fallback = fallback;
    }

    /// <summary>Gets what an unknown or missing severity means.</summary>
    public (Impact Impact, Urgency Urgency) Fallback { get; }

    /// <summary>Gets the mapping of the common Alertmanager and Events v2 severity words onto the ITIL 3×3 matrix.</summary>
    public static SeverityMapping Default { get; } = new(new Dictionary<string, (Impact, Urgency)>
    {
        ["critical"] = (Impact.High, Urgency.High),
        ["page"] = (Impact.High, Urgency.High),
        ["error"] = (Impact.Medium, Urgency.High),
        ["high"] = (Impact.Medium, Urgency.High),
        ["warning"] = (Impact.Medium, Urgency.Medium),
        ["info"] = (Impact.Low, Urgency.Low),
        ["low"] = (Impact.Low, Urgency.Low),
    }, (Impact.Medium, Urgency.Medium));

    /// <summary>Returns the impact and urgency of a severity.</summary>
    /// <param name="severity">The severity text, or <see langword="null"/>.</param>
    /// <returns>The impact and urgency.</returns>
    public (Impact Impact, Urgency Urgency) Map(string? severity) =>
        severity is not null && _map.TryGetValue(severity, out var mapped) ? mapped : Fallback;
}
