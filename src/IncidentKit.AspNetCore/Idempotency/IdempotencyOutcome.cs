namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Lists what a store found for an idempotency key.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new (or its earlier attempt went stale): this request runs and completes it.</summary>
    Begun = 0,

    /// <summary>Another request with the key is running now.</summary>
    InProgress = 1,

    /// <summary>The key's first request finished; its answer is replayed.</summary>
    Completed = 2,
}
