using System.Collections.ObjectModel;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Incidents;

public sealed partial class Incident
{
    internal const int MaxAlertLabels = 64;
    internal const int MaxAlertLabelValueLength = 1000;

    /// <summary>Gets the labels of the alerts linked to the incident: the union over every <see cref="AlertLinked"/> in link order,
    /// where the alert linked first wins when two alerts give a label different values.</summary>
    /// <value>An empty map when no linked alert recorded labels (manual links, or events stored before labels were recorded).</value>
    /// <remarks>The worker passes them to <see cref="Runbooks.RunbookLibrary.AttachMatching"/>, so runbooks selected by alert
    /// labels attach to alert-opened incidents.</remarks>
    public IReadOnlyDictionary<string, string> AlertLabels
    {
        get
        {
            Dictionary<string, string>? union = null;
            foreach (var e in Events)
            {
                if (e is AlertLinked { AlertLabels.Count: > 0 } linked)
                {
                    union ??= new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (name, value) in linked.AlertLabels)
                    {
                        union.TryAdd(name, value);
                    }
                }
            }

            return union is null ? Alerts.Alert.EmptyLabels : union.AsReadOnly();
        }
    }

    // True when a label fits what LinkAlert accepts; the alert intake drops labels that do not, rather than refuse the link.
    internal static bool IsValidAlertLabel(string? name, string? value) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxShortTextLength && value is not null && value.Length <= MaxAlertLabelValueLength;

    private static ReadOnlyDictionary<string, string> CopyAlertLabels(IReadOnlyDictionary<string, string>? alertLabels)
    {
        if (alertLabels is null || alertLabels.Count == 0)
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        if (alertLabels.Count > MaxAlertLabels)
        {
            throw new ArgumentException($"An alert link records at most {MaxAlertLabels} labels; {alertLabels.Count} were given.", nameof(alertLabels));
        }

        var copy = new Dictionary<string, string>(alertLabels.Count, StringComparer.Ordinal);
        foreach (var (name, value) in alertLabels)
        {
            if (!IsValidAlertLabel(name, value))
            {
                throw new ArgumentException(
                    $"Alert label '{name}' is invalid: names must be non-empty and at most {MaxShortTextLength} characters, values non-null and at most {MaxAlertLabelValueLength}.",
                    nameof(alertLabels));
            }

            copy.Add(name, value);
        }

        return copy.AsReadOnly();
    }
}
