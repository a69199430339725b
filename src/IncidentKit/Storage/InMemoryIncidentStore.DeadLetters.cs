using Ardalis.GuardClauses;

namespace IncidentKit.Storage;

// Dead letters: a given-up message leaves the outbox for a list of its own, per tenant, until an operator requeues it.
public sealed partial class InMemoryIncidentStore : IOutboxDeadLetterStore
{
    private readonly Dictionary<Guid, DeadLetter> _deadLetters = [];

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<bool> DeadLetterOutboxAsync(ClaimedOutboxMessage claim, string reason, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        Guard.Against.Null(reason);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            if (!_outbox.TryGetValue(claim.Message.Id, out var entry) || !Holds(entry.Lease, claim.Lease, now) || entry.Message.Tenant != claim.Message.Tenant)
            {
                return ValueTask.FromResult(false);
            }

            _outbox.Remove(claim.Message.Id);
            _deadLetters[claim.Message.Id] = new DeadLetter(entry.Message, entry.Attempts, StoreContract.TrimError(reason)!, now);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(TenantId tenant, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<DeadLetter>>(
                [.. _deadLetters.Values.Where(d => d.Message.Tenant == tenant).OrderBy(d => d.DeadLetteredAt).ThenBy(d => d.Message.Id).Take(maxItems)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> CountDeadLettersAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult((long)_deadLetters.Values.Count(d => d.Message.Tenant == tenant));
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<bool> RequeueDeadLetterAsync(TenantId tenant, Guid messageId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            if (!_deadLetters.TryGetValue(messageId, out var dead) || dead.Message.Tenant != tenant)
            {
                return ValueTask.FromResult(false);
            }

            _deadLetters.Remove(messageId);
            _outbox[messageId] = new OutboxEntry(dead.Message) { NextAttemptAt = now, LastError = dead.Reason };
            return ValueTask.FromResult(true);
        }
    }
}
