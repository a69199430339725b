using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

// A replay for folds over many streams (a report over 100 000 incidents): one incident is reused, history after history,
// instead of a new one with four new lists per stream. What it holds after Replay is exactly what FromHistory returns for the
// same events (IncidentReplayTests compares every field, by reflection, on random histories replayed one after another into
// one instance), so a report's incident state keeps its one definition: Apply.
public sealed partial class Incident
{
    // An incident that holds nothing yet, to be given histories with ReplayAgain.
    internal static Incident ForReplay(IncidentRules? rules = null) => new(rules ?? IncidentRules.Default);

    // Forgets everything and replays a whole history, as FromHistory would into a new incident; the lists keep their capacity.
    // Throws as FromHistory does; after a throw the incident holds part of a history until the next ReplayAgain.
    internal void ReplayAgain(IReadOnlyList<IncidentEvent> events)
    {
        Reset();
        ReplayHistory(events, nameof(events));
    }

    // Every field back to what the constructor leaves. A field added to Incident must be reset here too: the reflection test
    // (ReplayAgain_RandomHistoriesOneAfterAnother_EveryFieldEqualsFromHistory) fails for one that is not.
    private void Reset()
    {
        _events.Clear();
        _pending.Clear();
        _diagnosis.Clear();
        _linkedAlerts.Clear();
        Id = default;
        Tenant = default;
        Title = string.Empty;
        Description = null;
        State = default;
        Impact = default;
        Urgency = default;
        Priority = default;
        PriorityOverridden = false;
        Category = null;
        Assignee = null;
        AssignmentGroup = null;
        Service = null;
        Source = null;
        IsExercise = false;
        OpenedAt = default;
        AcknowledgedAt = null;
        ResolvedAt = null;
        ClosedAt = null;
        LastChangedAt = default(Instant);
        Resolution = null;
        WorkNoteCount = 0;
        EscalationCount = 0;
        ReopenCount = 0;
        AwaitsAcknowledgement = false;
    }
}
