namespace IncidentKit.Storage;

/// <summary>Reads and writes incident streams: the storage port every store implements.</summary>
/// <remarks>Implementations are thread-safe; the conformance suite in the repository's tests states the whole contract. The
/// stores that ship (<see cref="InMemoryIncidentStore"/>, SQLite, PostgreSQL) also implement <see cref="IDueWorkStore"/> and
/// <see cref="IOutboxStore"/> over the same data, so that an append writes events, due work and outbox in one transaction.</remarks>
public interface IIncidentStore : IIncidentReader, IIncidentWriter;
