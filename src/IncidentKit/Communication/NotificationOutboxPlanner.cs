using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Plans the notifications of a change: composes each event's messages with a <see cref="NotificationComposer"/> for the
/// incident's subscribers and wraps them as outbox messages of kind <see cref="MessageKind"/>.</summary>
/// <remarks>
/// <para>Each message becomes one <see cref="OutboxMessage"/> whose <see cref="OutboxMessage.Payload"/> is
/// <see cref="NotificationMessageSerializer.Serialize"/> of it and whose <see cref="OutboxMessage.IdempotencyKey"/> is the
/// message's, so a dispatcher reading the outbox sends each key once however often the change is planned. Subscriptions are read
/// once per change, and only when an event calls for subscribers (a fired escalation step pages its recipients without them).</para>
/// </remarks>
/// <threadsafety>This type is thread-safe if its subscription store is.</threadsafety>
public sealed class NotificationOutboxPlanner : IOutboxPlanner
{
    /// <summary>The outbox kind of a notification: its payload is a <see cref="NotificationMessage"/> in the format of <see cref="NotificationMessageSerializer"/>.</summary>
    public const string MessageKind = "notification";

    private readonly NotificationComposer _composer;
    private readonly ISubscriptionStore _subscriptions;

    /// <summary>Initializes the planner.</summary>
    /// <param name="composer">The composer: plans, templates and the incident link.</param>
    /// <param name="subscriptions">Who follows which incidents, services and categories.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public NotificationOutboxPlanner(NotificationComposer composer, ISubscriptionStore subscriptions)
    {
        _composer = Guard.Against.Null(composer);
        _subscriptions = Guard.Against.Null(subscriptions);
    }

    /// <summary>Gets where the messages of an exercise incident go instead of their real recipients, or <see langword="null"/>
    /// to leave them as composed for the send check to withdraw (see <see cref="ExerciseRouting"/>).</summary>
    public ExerciseRouting? Exercises { get; init; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> or <paramref name="events"/> is null.</exception>
    public async ValueTask<IReadOnlyList<OutboxMessage>> PlanAsync(Incident incident, IReadOnlyList<IncidentEvent> events, Instant now,
        CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(events);
        var plan = _composer.Plans.ForPriority(incident.Priority);
        IReadOnlyList<Subscription>? subscriptions = null;
        var result = new List<OutboxMessage>();
        foreach (var e in events)
        {
            // Only events the plan notifies on reach subscribers; reading them for the rest (work notes, delivery records)
            // would cost a lookup per change for nothing.
            if (subscriptions is null && e is not EscalationStepFired && plan.NotifyOn.Contains(NotificationEventKinds.Of(e)))
            {
                subscriptions = await _subscriptions.FindForAsync(incident, cancellationToken).ConfigureAwait(false);
            }

            foreach (var composed in _composer.Compose(incident, e, subscriptions ?? []))
            {
                var message = incident.IsExercise && Exercises is { } drill ? drill.Redirect(composed) : composed;
                result.Add(new OutboxMessage
                {
                    Id = Guid.NewGuid(),
                    Tenant = incident.Tenant,
                    Incident = incident.Id,
                    Kind = MessageKind,
                    Payload = NotificationMessageSerializer.Serialize(message),
                    IdempotencyKey = message.IdempotencyKey,
                    CreatedAt = now,
                });
            }
        }

        return result;
    }
}
