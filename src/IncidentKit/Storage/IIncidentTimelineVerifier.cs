using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Checks an incident's stored events against their hash chain (<see cref="EventChain"/>), to detect edits made behind the
/// library's back (an SQL <c>UPDATE</c>, <c>DELETE</c> or reordering).</summary>
/// <remarks>The in-memory, SQLite and PostgreSQL stores implement it; they compute the chain in their append path.
/// Implementations are thread-safe and read one consistent snapshot of the stream.</remarks>
public interface IIncidentTimelineVerifier
{
    /// <summary>Recomputes an incident's hash chain from its stored events and names the first broken link.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The verification; intact with version 0 when the incident does not exist for this tenant.</returns>
    ValueTask<TimelineVerification> VerifyAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default);
}
