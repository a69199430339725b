using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Problems;

/// <summary>Holds what recurrence detection needs of one incident: when it opened, its service and category, and its alerts.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="OpenedAt">When it was opened.</param>
/// <param name="Service">The service, or null.</param>
/// <param name="Category">The category (after any recategorisation), or null.</param>
/// <param name="Alerts">The alerts linked to it, each once.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentOccurrence(IncidentId Incident, Instant OpenedAt, string? Service, CategoryPath? Category, IReadOnlyList<AlertFingerprint> Alerts)
{
    /// <summary>Gets whether the incident is an exercise; <see cref="RecurrenceDetector"/> leaves exercises out unless <see cref="RecurrenceOptions.IncludeExercises"/> is set.</summary>
    public bool IsExercise { get; init; }

    /// <summary>Folds an incident's history into an occurrence.</summary>
    /// <param name="events">The incident's events, oldest first, starting with <see cref="IncidentOpened"/>.</param>
    /// <returns>The occurrence.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is null.</exception>
    /// <exception cref="ArgumentException">The history is empty or does not start with <see cref="IncidentOpened"/>.</exception>
    public static IncidentOccurrence FromHistory(IReadOnlyList<IncidentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0] is not IncidentOpened opened)
        {
            throw new ArgumentException("An incident's history starts with IncidentOpened.", nameof(events));
        }

        var category = opened.Category;
        var alerts = new List<AlertFingerprint>();
        foreach (var e in events)
        {
            switch (e)
            {
                case IncidentRecategorised r:
                    category = r.Category;
                    break;
                case AlertLinked a:
                    var fingerprint = new AlertFingerprint(a.Source, a.AlertKey);
                    if (!alerts.Contains(fingerprint))
                    {
                        alerts.Add(fingerprint);
                    }

                    break;
            }
        }

        return new IncidentOccurrence(opened.Incident, opened.At, opened.Service, category, alerts) { IsExercise = opened.IsExercise };
    }
}
