namespace IncidentKit.Incidents;

// Which alerts are linked, as a set. An alert storm links thousands of alerts to one incident, and a scan of the list per new link
// (in LinkAlert, and in the alert intake before it) made linking quadratic in the incident's links. The set is built when first
// asked and caught up with the list (which only grows) on each question, so replaying history pays nothing for it.
public sealed partial class Incident
{
    private HashSet<string>? _linkedAlertSet;
    private int _linkedAlertSetCount;

    /// <summary>Returns whether an alert with this key is linked to the incident.</summary>
    internal bool IsAlertLinked(string alertKey)
    {
        var set = _linkedAlertSet ??= new HashSet<string>(StringComparer.Ordinal);
        for (; _linkedAlertSetCount < _linkedAlerts.Count; _linkedAlertSetCount++)
        {
            set.Add(_linkedAlerts[_linkedAlertSetCount]);
        }

        return set.Contains(alertKey);
    }
}
