using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Holds one line of an incident's timeline: an event of its stream or an entry of its delivery log.</summary>
/// <param name="At">When it happened.</param>
/// <param name="Event">The event, or <see langword="null"/> for a delivery entry.</param>
/// <param name="Delivery">The delivery entry, or <see langword="null"/> for an event.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public readonly record struct TimelineEntry(Instant At, IncidentEvent? Event, DeliveryRecord? Delivery);
