using Ardalis.GuardClauses;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

/// <summary>Merges an incident's events and its delivery log into one timeline, as people read it.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class IncidentTimeline
{
    /// <summary>Returns the events and delivery entries in one list, by instant.</summary>
    /// <param name="events">The incident's events, in stream order.</param>
    /// <param name="deliveries">The incident's delivery log (<see cref="IDeliveryLog.ReadDeliveriesAsync"/>).</param>
    /// <returns>The entries: events keep their stream order, and each delivery entry follows the events up to its instant.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<TimelineEntry> Merge(IEnumerable<IncidentEvent> events, IEnumerable<DeliveryRecord> deliveries)
    {
        Guard.Against.Null(events);
        Guard.Against.Null(deliveries);
        var sorted = deliveries.OrderBy(d => d.At).ToList();
        var result = new List<TimelineEntry>();
        var next = 0;
        foreach (var e in events)
        {
            while (next < sorted.Count && sorted[next].At < e.At)
            {
                result.Add(new TimelineEntry(sorted[next].At, null, sorted[next]));
                next++;
            }

            result.Add(new TimelineEntry(e.At, e, null));
        }

        for (; next < sorted.Count; next++)
        {
            result.Add(new TimelineEntry(sorted[next].At, null, sorted[next]));
        }

        return result;
    }
}
