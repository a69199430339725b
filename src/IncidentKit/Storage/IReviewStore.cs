using IncidentKit.Incidents;
using IncidentKit.Problems;
using IncidentKit.Reporting.Reviews;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Keeps post-incident reviews, their action items and problem records per tenant, with optimistic concurrency, and hands
/// out due review reminders under leases.</summary>
/// <remarks>
/// <para>A save is atomic: the review, its action items and its reminders (<see cref="ReviewReminder.For"/>) are written together
/// or not at all. Versions start at 1; saving with expected version 0 creates, any other expects that stored version, and a
/// mismatch throws <see cref="RecordConcurrencyException"/>. A review can only be saved for an incident of the same tenant.</para>
/// <para>Reminders: each pending action item and each draft review with a due instant and an owner has one reminder, keyed by
/// its subject. A save keeps a reminder already sent while its due instant is unchanged (it is not sent again) and replaces it
/// when the due instant moves (a new deadline reminds again); a finished item or a published review drops its reminder. A claim
/// takes unsent reminders whose instant has come and that nobody holds, across tenants; completing a claim marks it sent and
/// puts its notification in the outbox in the same transaction, fenced by the lease, so it is sent once across nodes.</para>
/// <para>Tenants never see each other's records. Implementations are thread-safe and safe across processes sharing one database.</para>
/// </remarks>
public interface IReviewStore
{
    /// <summary>Returns an incident's review, or <see langword="null"/> when it has none (for this tenant).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The review and its version, or null.</returns>
    ValueTask<StoredReview?> FindReviewOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default);

    /// <summary>Saves a review, its action items and its reminders, if the stored version is the expected one.</summary>
    /// <param name="review">The review; its tenant and incident say where it goes.</param>
    /// <param name="expectedVersion">0 to create; otherwise the version read.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="ArgumentException">The tenant has no such incident.</exception>
    /// <exception cref="RecordConcurrencyException">The stored version is not <paramref name="expectedVersion"/>.</exception>
    ValueTask<long> SaveReviewAsync(PostIncidentReview review, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's action items across reviews, earliest due first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="owner">Only this owner's items; null for everyone's.</param>
    /// <param name="pendingOnly">Only open and in-progress items.</param>
    /// <param name="maxItems">The most items to return: 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The items with their incidents.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is outside 1 to 1000.</exception>
    ValueTask<IReadOnlyList<ActionItemRecord>> ListActionItemsAsync(TenantId tenant, UserId? owner, bool pendingOnly, int maxItems = 100,
        CancellationToken cancellationToken = default);

    /// <summary>Returns a problem, or <see langword="null"/> when the tenant has none with that id.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="problem">The problem's id.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The problem and its version, or null.</returns>
    ValueTask<StoredProblem?> FindProblemOrNullAsync(TenantId tenant, ProblemId problem, CancellationToken cancellationToken = default);

    /// <summary>Saves a problem, if the stored version is the expected one.</summary>
    /// <param name="problem">The problem; its tenant says where it goes.</param>
    /// <param name="expectedVersion">0 to create; otherwise the version read.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    /// <exception cref="RecordConcurrencyException">The stored version is not <paramref name="expectedVersion"/>.</exception>
    ValueTask<long> SaveProblemAsync(Problem problem, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's problems, most recently changed first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="state">Only problems in this state; null for all.</param>
    /// <param name="maxItems">The most problems to return: 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The problems with their versions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is outside 1 to 1000.</exception>
    ValueTask<IReadOnlyList<StoredProblem>> ListProblemsAsync(TenantId tenant, ProblemState? state, int maxItems = 100, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxItems"/> unsent reminders that are due and that nobody holds, oldest first.</summary>
    /// <param name="owner">The claiming worker's name (1 to 200 characters).</param>
    /// <param name="leaseDuration">How long the claim is exclusive: 1 second to 1 day.</param>
    /// <param name="maxItems">The most reminders to claim, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the claim.</param>
    /// <returns>The claimed reminders; empty when none is due.</returns>
    /// <exception cref="ArgumentException">An argument is outside its range.</exception>
    ValueTask<IReadOnlyList<ClaimedReminder>> ClaimRemindersAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed reminder sent and puts its notification in the outbox, in one transaction, if the lease still holds.</summary>
    /// <param name="claim">The reminder as claimed.</param>
    /// <param name="message">The notification for its recipient; its tenant and incident must be the reminder's.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when marked and queued; <see langword="false"/> when the lease had lapsed or been replaced, or a save
    /// replaced the reminder (nothing is written then).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The message names another tenant or incident than the reminder.</exception>
    ValueTask<bool> CompleteReminderAsync(ClaimedReminder claim, OutboxMessage message, CancellationToken cancellationToken = default);
}
