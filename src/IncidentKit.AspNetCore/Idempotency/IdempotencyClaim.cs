namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Describes what a store found when a request with an <c>Idempotency-Key</c> arrived.</summary>
/// <param name="Outcome">Begun (run the request), in progress (another copy runs now) or completed (replay the response).</param>
/// <param name="RequestHash">The fingerprint of the request that first used the key.</param>
/// <param name="Response">The first answer, when completed.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct IdempotencyClaim(IdempotencyOutcome Outcome, string RequestHash, IdempotentResponse? Response);
