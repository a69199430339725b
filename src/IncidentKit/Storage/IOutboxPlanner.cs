using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Turns the events of one change into the outbox messages written in the same append.</summary>
/// <remarks>
/// <para>Given to <see cref="IncidentService"/> (for users' changes) and used by a timer worker (for the events it records), so
/// every change, whoever makes it, carries its notifications in the same transaction: a message exists exactly when its cause
/// was stored. <see cref="Communication.NotificationOutboxPlanner"/> composes notifications from plans, templates and
/// subscriptions.</para>
/// <para>A planner must be deterministic in what it decides (the same events give messages with the same idempotency keys), since
/// a change that loses a concurrency race is decided and planned again.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface IOutboxPlanner
{
    /// <summary>Returns the outbox messages the events of a change call for.</summary>
    /// <param name="incident">The incident, as it is after the events (they are still pending on it).</param>
    /// <param name="events">The events of the change, oldest first.</param>
    /// <param name="now">The instant of the change; messages are first due then.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The messages; empty when nobody is to be told. Each carries the incident's tenant and id.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> PlanAsync(Incident incident, IReadOnlyList<IncidentEvent> events, Instant now, CancellationToken cancellationToken = default);
}
