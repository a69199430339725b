using IncidentKit.Incidents.Events;

namespace IncidentKit.Incidents;

// What lets IncidentService retry a decision without reading the whole stream again: it holds the incident at the version it
// read, decides on a copy, and after a conflict folds in only the events other writers appended since.
public sealed partial class Incident
{
    // A copy with its own timeline and lists; the scalar state is copied by MemberwiseClone, so a field added later is copied
    // too (IncidentTests checks that no collection is shared).
    internal Incident Copy()
    {
        var copy = (Incident)MemberwiseClone();
        copy.ReplaceLists(this);
        return copy;
    }

    // Folds events that a store holds after this incident's version into it, as FromHistory would have; nothing may be pending.
    internal void ApplyCommitted(IReadOnlyList<IncidentEvent> events)
    {
        if (_pending.Count > 0)
        {
            throw new InvalidOperationException("Only an incident with nothing pending can take newer stored events.");
        }

        foreach (var e in events)
        {
            Apply(e, first: _events.Count == 0);
            _events.Add(e);
        }
    }

    private void ReplaceLists(Incident source)
    {
        _events = [.. source._events];
        _pending = [.. source._pending];
        _diagnosis = [.. source._diagnosis];
        _linkedAlerts = [.. source._linkedAlerts];
        _linkedAlertSet = null;
        _linkedAlertSetCount = 0;
    }
}
