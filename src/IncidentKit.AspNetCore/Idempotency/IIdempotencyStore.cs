using NodaTime;

namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Remembers, per tenant, the first answer to each <c>Idempotency-Key</c>, durably, so a retried POST has no second effect.</summary>
/// <remarks>A key is claimed before the request runs (so two copies racing cannot both run it) and completed with the answer after.
/// A claim whose request never completed (the process died) may be taken over once it is older than the stale period.
/// Implementations are thread-safe: <see cref="InMemoryIdempotencyStore"/>, <see cref="SqliteIdempotencyStore"/>, <see cref="PostgreSqlIdempotencyStore"/>.</remarks>
public interface IIdempotencyStore
{
    /// <summary>Claims a key for a request, or reports who has it.</summary>
    /// <param name="tenant">The tenant; keys of different tenants never meet.</param>
    /// <param name="key">The key from the header.</param>
    /// <param name="requestHash">A fingerprint of the request (method, path and body).</param>
    /// <param name="at">Now.</param>
    /// <param name="staleAfter">How old an unfinished claim must be to be taken over.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The claim.</returns>
    ValueTask<IdempotencyClaim> TryBeginAsync(TenantId tenant, string key, string requestHash, Instant at, Duration staleAfter, CancellationToken cancellationToken = default);

    /// <summary>Stores the answer of a claimed key.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="key">The key.</param>
    /// <param name="response">The answer.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when the answer is stored.</returns>
    ValueTask CompleteAsync(TenantId tenant, string key, IdempotentResponse response, CancellationToken cancellationToken = default);

    /// <summary>Releases an unfinished claim, so a retry runs the request again (used when the request failed without an answer).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    ValueTask AbandonAsync(TenantId tenant, string key, CancellationToken cancellationToken = default);
}
