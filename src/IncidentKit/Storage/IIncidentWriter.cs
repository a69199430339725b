namespace IncidentKit.Storage;

/// <summary>Appends events to incident streams with optimistic concurrency.</summary>
/// <remarks>Implementations are thread-safe. An append is atomic: all of a change is stored, or none of it.</remarks>
public interface IIncidentWriter
{
    /// <summary>Appends a change's events if the stream is at the expected version.</summary>
    /// <param name="change">The events, expected version and resulting summary.</param>
    /// <param name="cancellationToken">The token to cancel the append.</param>
    /// <returns>The stream's version after the append. When every event id of the change is stored in the stream already, nothing
    /// is written and <see cref="AppendResult.WasDuplicate"/> is <see langword="true"/>.</returns>
    /// <exception cref="IncidentConcurrencyException">The stream is not at the expected version.</exception>
    /// <exception cref="ArgumentException">The change has no events, or its events do not belong to its incident.</exception>
    ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default);
}
