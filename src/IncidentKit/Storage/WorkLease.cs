using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Describes a claim on a due item or an outbox message: who holds it, its fencing token and until when.</summary>
/// <remarks>
/// <para>A claim is exclusive until <see cref="ExpiresAt"/>; after that anyone may claim the item again, which issues a new,
/// larger <see cref="Token"/>. Completing, releasing or failing an item succeeds only while the caller's lease is still the
/// item's current lease and has not expired, so a stale owner (one that paused past its lease) cannot complete work that
/// someone else now holds.</para>
/// <para>Expiry is decided by the store's clock: the <see cref="NodaTime.IClock"/> of the in-memory and SQLite stores, the
/// database clock (<c>now()</c>) of the PostgreSQL store.</para>
/// </remarks>
/// <param name="Owner">The worker that holds the lease.</param>
/// <param name="Token">The fencing token: unique per claim and increasing over time within one store.</param>
/// <param name="ExpiresAt">When the lease lapses.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct WorkLease(string Owner, long Token, Instant ExpiresAt);
