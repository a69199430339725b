using IncidentKit.MajorIncidents;
using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records that a person took a response role on the incident; for a single-holder role this hands it over from the previous holder.</summary>
/// <param name="EventId">The event's unique id; appending the same id twice stores it once.</param>
/// <param name="At">When the role was taken.</param>
/// <param name="Actor">Who assigned it (<see cref="UserId.System"/> when the commander was paged from the on-call schedule).</param>
/// <param name="Role">The role.</param>
/// <param name="User">The person who holds it from now on.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ResponseRoleAssigned(Guid EventId, Instant At, UserId Actor, ResponseRole Role, UserId User)
    : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets a note on the hand-over, e.g. "end of shift", if given.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Note { get; init; }

    /// <summary>Gets the on-call schedule the person was paged from, or <see langword="null"/> for an assignment by hand.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? PagedFromSchedule { get; init; }
}
