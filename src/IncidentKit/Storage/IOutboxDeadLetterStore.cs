namespace IncidentKit.Storage;

/// <summary>Keeps outbox messages a dispatcher gave up on as dead letters, lists them per tenant and puts them back on request.</summary>
/// <remarks>
/// <para>A dead letter is never claimed by <see cref="IOutboxStore.ClaimOutboxAsync"/> and is not listed by
/// <see cref="IOutboxStore.ListOutboxAsync"/> (so it no longer counts as outbox lag); it keeps its message, how often it was
/// claimed, the reason it was given up and when. <see cref="RequeueDeadLetterAsync"/> returns it to the outbox, due at once,
/// after an operator fixed the cause (a channel's address, credentials). The stores that ship implement this port over the same
/// data as their outbox.</para>
/// </remarks>
/// <threadsafety>Implementations are thread-safe and safe across processes or nodes sharing one database.</threadsafety>
public interface IOutboxDeadLetterStore
{
    /// <summary>Moves a claimed message to the dead letters, if the lease still holds.</summary>
    /// <param name="claim">The message as claimed.</param>
    /// <param name="reason">Why it was given up (kept, cut to 2 000 characters).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when moved; <see langword="false"/> when the lease had lapsed or been replaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> or <paramref name="reason"/> is null.</exception>
    ValueTask<bool> DeadLetterOutboxAsync(ClaimedOutboxMessage claim, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's dead letters, oldest given up first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="maxItems">The most dead letters to return, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The dead letters.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is outside 1 to 1000.</exception>
    ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default);

    /// <summary>Counts a tenant's dead letters, e.g. for a health check.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The number of dead letters.</returns>
    ValueTask<long> CountDeadLettersAsync(TenantId tenant, CancellationToken cancellationToken = default);

    /// <summary>Returns one of a tenant's dead letters to the outbox, due at once, with its claim count reset.</summary>
    /// <param name="tenant">The tenant; a dead letter of another tenant is not found.</param>
    /// <param name="messageId">The message's id.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns><see langword="true"/> when requeued; <see langword="false"/> when the tenant has no such dead letter.</returns>
    /// <remarks>The dispatcher's delivery ledger still counts the failed sends of the message's key, so a requeued message that
    /// fails again is given up after that one attempt; it is never sent twice on a channel that took it.</remarks>
    ValueTask<bool> RequeueDeadLetterAsync(TenantId tenant, Guid messageId, CancellationToken cancellationToken = default);
}
