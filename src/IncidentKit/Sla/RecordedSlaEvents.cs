using IncidentKit.Incidents.Events;

namespace IncidentKit.Sla;

/// <summary>The SLA events (warnings, breaches, mets) an incident's history records, each as one key: the one place that
/// recognises them, so the SLA fold that decides what is due and the incident that records it skip the same events.</summary>
/// <remarks>A history holds a handful of SLA events, so a list scan beats a hash set; nothing is allocated until the first one.
/// A mutable struct: keep it in a field or a local and call its mutating members there, never through a copy.</remarks>
internal struct RecordedSlaEvents
{
    private List<long>? _keys;

    /// <summary>Returns the key of one SLA event: target, cycle, kind and (for a warning) percent.</summary>
    public static long Key(SlaTargetKind target, int cycle, SlaEventKind kind, int percent) =>
        ((long)cycle << 16) | ((long)(int)target << 12) | ((long)(int)kind << 8) | (long)(percent & 0xFF);

    /// <summary>Returns the key of a due event; a breach or a met counts as 100 %.</summary>
    public static long Key(in SlaDueEvent d) => Key(d.Target, d.Cycle, d.Kind, d.Kind == SlaEventKind.Warning ? d.Percent : 100);

    /// <summary>Collects the SLA events of a history in one pass.</summary>
    public static RecordedSlaEvents Of(IReadOnlyList<IncidentEvent> events)
    {
        var recorded = default(RecordedSlaEvents);
        for (var i = 0; i < events.Count; i++)
        {
            recorded.Note(events[i]);
        }

        return recorded;
    }

    /// <summary>Notes an event of the history if it is an SLA event; other events are ignored.</summary>
    public void Note(IncidentEvent e)
    {
        switch (e)
        {
            case SlaWarningReached w:
                Add(Key(w.Target, w.Cycle, SlaEventKind.Warning, w.Percent));
                break;
            case SlaBreached b:
                Add(Key(b.Target, b.Cycle, SlaEventKind.Breach, 100));
                break;
            case SlaMet m:
                Add(Key(m.Target, m.Cycle, SlaEventKind.Met, 100));
                break;
        }
    }

    /// <summary>Returns whether the key is recorded.</summary>
    public readonly bool Contains(long key) => _keys is not null && _keys.Contains(key);

    /// <summary>Adds the key unless it is recorded already; returns whether it was added.</summary>
    public bool TryAdd(long key)
    {
        if (Contains(key))
        {
            return false;
        }

        Add(key);
        return true;
    }

    private void Add(long key) => (_keys ??= []).Add(key);
}
