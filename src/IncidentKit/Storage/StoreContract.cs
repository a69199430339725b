using System.Text.Json;
using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Checks shared by every store, so that all of them refuse the same bad input with the same message.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class StoreContract
{
    private const int MaxNameLength = 200;
    private const int MaxErrorLength = 2000;

    /// <summary>Checks a change before a store writes it.</summary>
    /// <param name="change">The change.</param>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    /// <exception cref="ArgumentException">The change has no events, repeats an event id, its first event at version 0 is not
    /// <see cref="IncidentOpened"/>, its summary belongs to another incident or version, or an outbox message is invalid or
    /// belongs to another incident.</exception>
    public static void CheckChange(IncidentChange change)
    {
        Guard.Against.Null(change);
        if (change.Events is null || change.Events.Count == 0)
        {
            throw new ArgumentException("A change appends at least one event.", nameof(change));
        }

        if (change.Events.Select(e => e.EventId).Distinct().Count() != change.Events.Count)
        {
            throw new ArgumentException("A change repeats an event id.", nameof(change));
        }

        if (change.ExpectedVersion == ExpectedVersion.NoIncident && change.Events[0] is not IncidentOpened)
        {
            throw new ArgumentException($"A new incident's stream starts with {nameof(IncidentOpened)}.", nameof(change));
        }

        if (change.Events.Skip(1).Any(e => e is IncidentOpened) || (change.ExpectedVersion.Value > 0 && change.Events[0] is IncidentOpened))
        {
            throw new ArgumentException($"An incident's stream has exactly one {nameof(IncidentOpened)}, first.", nameof(change));
        }

        if (change.Summary is null || change.Summary.Tenant != change.Tenant || change.Summary.Id != change.Incident
            || change.Summary.Version != change.ExpectedVersion.Value + change.Events.Count)
        {
            throw new ArgumentException("The change's summary must describe the same tenant and incident at the version after the append.", nameof(change));
        }

        CheckOutbox(change);
    }

    /// <summary>Checks the arguments of a claim on due work or outbox messages.</summary>
    /// <param name="owner">The claiming worker's name: 1 to 200 characters.</param>
    /// <param name="leaseDuration">The lease duration: 1 second to 1 day.</param>
    /// <param name="maxItems">The most items to claim: 1 to 1000.</param>
    /// <exception cref="ArgumentException">An argument is outside its range.</exception>
    public static void CheckClaim(string owner, Duration leaseDuration, int maxItems)
    {
        Guard.Against.NullOrWhiteSpace(owner);
        Guard.Against.OutOfRange(owner.Length, nameof(owner), 1, MaxNameLength, $"An owner name has at most {MaxNameLength} characters.");
        Guard.Against.OutOfRange(leaseDuration, nameof(leaseDuration), Duration.FromSeconds(1), Duration.FromDays(1), "Expected a lease of 1 second to 1 day.");
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");
    }

    /// <summary>Returns whether a kind of due work is a check that belongs to no incident (<see cref="IDueCheckStore"/>).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> for <see cref="DueWorkKind.HeartbeatCheck"/>.</returns>
    public static bool IsCheck(DueWorkKind kind) => kind == DueWorkKind.HeartbeatCheck;

    /// <summary>Checks the arguments of scheduling a check.</summary>
    /// <param name="check">The check's key.</param>
    /// <param name="due">The due work; its kind must be a check kind.</param>
    /// <exception cref="ArgumentException">The key is empty or the kind is an incident's, not a check's.</exception>
    public static void CheckSchedule(IncidentId check, DueWork due)
    {
        if (check.Value == Guid.Empty)
        {
            throw new ArgumentException("A check needs a key; the empty GUID names nothing.", nameof(check));
        }

        if (!IsCheck(due.Kind))
        {
            throw new ArgumentException($"Only a check kind ({DueWorkKind.HeartbeatCheck}) is scheduled without an incident; {due.Kind} is an incident's due work, planned with its append.", nameof(due));
        }
    }

    /// <summary>Checks the arguments of a claim of checks.</summary>
    /// <param name="kind">The kind; a check kind.</param>
    /// <param name="owner">The claiming worker's name, 1 to 200 characters.</param>
    /// <param name="leaseDuration">The lease: 1 second to 1 day.</param>
    /// <param name="maxItems">The most items, 1 to 1000.</param>
    /// <exception cref="ArgumentException">An argument is out of range or the kind is not a check kind.</exception>
    public static void CheckClaimChecks(DueWorkKind kind, string owner, Duration leaseDuration, int maxItems)
    {
        if (!IsCheck(kind))
        {
            throw new ArgumentException($"Expected a check kind ({DueWorkKind.HeartbeatCheck}); {kind} is an incident's due work, claimed with ClaimDueAsync.", nameof(kind));
        }

        CheckClaim(owner, leaseDuration, maxItems);
    }

    /// <summary>Checks the arguments of a lease renewal.</summary>
    /// <param name="claim">The claim to renew.</param>
    /// <param name="leaseDuration">The new lease: 1 second to 1 day.</param>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="leaseDuration"/> is outside 1 second to 1 day.</exception>
    public static void CheckRenewal(ClaimedDueWork claim, Duration leaseDuration)
    {
        Guard.Against.Null(claim);
        if (leaseDuration < Duration.FromSeconds(1) || leaseDuration > Duration.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(leaseDuration), leaseDuration, "Expected a lease of 1 second to 1 day.");
        }
    }

    /// <summary>Returns an error text cut to the length stores keep.</summary>
    /// <param name="error">The error, or <see langword="null"/>.</param>
    /// <returns>The text, at most 2 000 characters, or <see langword="null"/>.</returns>
    public static string? TrimError(string? error) => error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;

    private static void CheckOutbox(IncidentChange change)
    {
        if (change.Outbox is null)
        {
            throw new ArgumentException("A change's outbox is a list, empty when the change causes no message.", nameof(change));
        }

        var ids = new HashSet<Guid>();
        foreach (var m in change.Outbox)
        {
            if (m is null || m.Tenant != change.Tenant || m.Incident != change.Incident)
            {
                throw new ArgumentException("An outbox message belongs to the tenant and incident of its change.", nameof(change));
            }

            if (m.Id == Guid.Empty || !ids.Add(m.Id))
            {
                throw new ArgumentException($"Outbox message ids are set and distinct within a change; '{m.Id}' is not.", nameof(change));
            }

            if (string.IsNullOrWhiteSpace(m.Kind) || m.Kind.Length > MaxNameLength
                || string.IsNullOrWhiteSpace(m.IdempotencyKey) || m.IdempotencyKey.Length > MaxNameLength)
            {
                throw new ArgumentException($"Outbox message {m.Id} needs a kind and an idempotency key of 1 to {MaxNameLength} characters.", nameof(change));
            }

            if (!IsJson(m.Payload))
            {
                throw new ArgumentException($"Outbox message {m.Id} has a payload that is not a JSON document.", nameof(change));
            }
        }
    }

    private static bool IsJson(string? payload)
    {
        if (payload is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Checks a listing query before a store runs it, and returns the position its continuation token names.</summary>
    /// <param name="query">The query.</param>
    /// <returns>The position to continue after, or <see langword="null"/> for the first page.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="ArgumentException">The page size is outside 1 to 1000, or the continuation token is not one a store issued.</exception>
    public static (long OpenedAtTicks, Guid Id)? CheckQuery(IncidentQuery query)
    {
        Guard.Against.Null(query);
        Guard.Against.OutOfRange(query.PageSize, nameof(query), 1, 1000, "Expected a page size from 1 to 1000.");
        return ContinuationToken.Parse(query.ContinuationToken);
    }

    /// <summary>Returns the key a store indexes a category by, so that every store filters a category subtree the same way.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The upper-cased path: a category lies within another when its key equals the other's or starts with it and '/'.</returns>
    public static string CategoryKey(CategoryPath category) => category.Value.ToUpperInvariant();
}
