namespace IncidentKit.Storage;

/// <summary>Keeps incidents, their due work and their outbox as one storage unit: the port a store adapter provides to a host.</summary>
/// <remarks>
/// <para>An append (<see cref="IIncidentWriter.AppendAsync"/>) writes the events, the incident's next due work and its outbox
/// messages in one transaction; a timer worker claims the due work (<see cref="IDueWorkStore"/>) and a dispatcher the outbox
/// (<see cref="IOutboxStore"/>) of that same unit. Implementing the three ports on one type is what makes that one transaction
/// possible, so a host registers a store once, as this unit, and takes every port from it.</para>
/// <para>A store may implement further ports over the same data, which a host then also takes from it: the alert inbox
/// (<see cref="Alerts.IAlertStore"/>), the delivery log (<see cref="IDeliveryLog"/>), dead letters
/// (<see cref="IOutboxDeadLetterStore"/>), timeline verification (<see cref="IIncidentTimelineVerifier"/>) and the shared state
/// of subscriptions, on-call changes, delivery deduplication and throttling.</para>
/// <para>Implementations are thread-safe. The stores that ship implement it: <see cref="InMemoryIncidentStore"/>, and the SQLite
/// and PostgreSQL stores.</para>
/// </remarks>
public interface IIncidentKitStore : IIncidentStore, IDueWorkStore, IOutboxStore;
