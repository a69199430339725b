using IncidentKit.Incidents;

namespace IncidentKit.Alerts;

/// <summary>Describes one thing an alert group decided to do to its incident, for the caller to apply.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Incident">The incident, whose id is derived from the tenant, the group key and the group's generation, so every node names the same one.</param>
/// <remarks>The alert intake applies these to stored incidents with the same guards (a link only while the incident is open,
/// a resolve only when the workflow permits it); a simulator applies them to its own.</remarks>
public sealed record AlertGroupAction(AlertGroupActionKind Kind, IncidentId Incident)
{
    /// <summary>Gets, for <see cref="AlertGroupActionKind.Open"/>, what to open the incident with.</summary>
    public NewIncident? NewIncident { get; init; }

    /// <summary>Gets, for <see cref="AlertGroupActionKind.Link"/>, the key to link the alert under (its integration and key).</summary>
    public string? AlertKey { get; init; }

    /// <summary>Gets, for <see cref="AlertGroupActionKind.Link"/>, the integration the alert came from.</summary>
    public string? Source { get; init; }

    /// <summary>Gets the reason or note text of a reopen, resolve or note.</summary>
    public string? Text { get; init; }
}
