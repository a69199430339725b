namespace IncidentKit.Storage;

/// <summary>Reads and writes incident streams: the storage port every store implements.</summary>
/// <remarks>Implementations are thread-safe; the conformance suite in the repository's tests states the whole contract.</remarks>
public interface IIncidentStore : IIncidentReader, IIncidentWriter;
