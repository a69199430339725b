using Ardalis.GuardClauses;
using IncidentKit.Reporting.Reviews;

namespace IncidentKit.Storage;

/// <summary>Checks the arguments of <see cref="IReviewStore"/> calls the same way in every store.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class ReviewStoreContract
{
    /// <summary>Throws when a save's expected version is negative.</summary>
    /// <param name="expectedVersion">The expected version.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expectedVersion"/> is negative.</exception>
    public static void CheckExpectedVersion(long expectedVersion)
    {
        if (expectedVersion < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expectedVersion), expectedVersion, "Expected version 0 (create) or the version read.");
        }
    }

    /// <summary>Throws when a listing's size is outside 1 to 1000.</summary>
    /// <param name="maxItems">The most items.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is outside 1 to 1000.</exception>
    public static void CheckMaxItems(int maxItems) =>
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 1000, "Expected 1 to 1000 items.");

    /// <summary>Throws when a reminder's completion is malformed.</summary>
    /// <param name="claim">The claimed reminder.</param>
    /// <param name="message">The notification.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The message names another tenant or incident than the reminder.</exception>
    public static void CheckCompletion(ClaimedReminder claim, OutboxMessage message)
    {
        Guard.Against.Null(claim);
        Guard.Against.Null(message);
        if (message.Tenant != claim.Tenant || message.Incident != claim.Incident)
        {
            throw new ArgumentException("A reminder's notification must name the reminder's tenant and incident.", nameof(message));
        }
    }

    /// <summary>Returns what a review save writes: the review's reminders, each subject once.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The reminders by subject.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is null.</exception>
    public static IReadOnlyDictionary<string, ReviewReminder> RemindersOf(PostIncidentReview review) =>
        ReviewReminder.For(review).GroupBy(r => r.Subject, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Names a review in a concurrency message.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The text.</returns>
    public static string Describe(PostIncidentReview review)
    {
        Guard.Against.Null(review);
        return $"review of incident {review.Incident} of tenant '{review.Tenant}'";
    }
}
