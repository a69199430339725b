using IncidentKit.Communication;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records a status update written for stakeholders or for the team.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When it was posted.</param>
/// <param name="Actor">Who wrote it: the update's author.</param>
/// <param name="Text">The update.</param>
/// <param name="Audience">Who it is for; <see cref="Audience.Internal"/> updates never reach external subscribers.</param>
/// <remarks>It restarts the SLA update-cadence clock (<see cref="IStatusUpdateEvent"/>), whatever its audience.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record StatusUpdatePosted(Guid EventId, Instant At, UserId Actor, string Text, Audience Audience)
    : IncidentEvent(EventId, At, Actor), IStatusUpdateEvent;
