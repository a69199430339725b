using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Problems;
using IncidentKit.Reporting.Reviews;
using NodaTime;

namespace IncidentKit.Storage;

// Reviews, their action items and reminders, and problems (issue 11 §2-§3), under the store's one lock.
public sealed partial class InMemoryIncidentStore : IReviewStore
{
    private readonly Dictionary<(TenantId, IncidentId), StoredReview> _reviews = [];
    private readonly Dictionary<(TenantId, ProblemId), StoredProblem> _problems = [];
    private readonly Dictionary<(TenantId, IncidentId, string), ReminderEntry> _reminders = [];

    /// <inheritdoc />
    public ValueTask<StoredReview?> FindReviewOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(_reviews.GetValueOrDefault((tenant, incident)));
        }
    }

    /// <inheritdoc />
    public ValueTask<long> SaveReviewAsync(PostIncidentReview review, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(review);
        ReviewStoreContract.CheckExpectedVersion(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var desired = ReviewStoreContract.RemindersOf(review);
        lock (_lock)
        {
            if (!_streams.ContainsKey((review.Tenant, review.Incident)))
            {
                throw new ArgumentException($"Tenant '{review.Tenant}' has no incident {review.Incident} to review.", nameof(review));
            }

            var actual = _reviews.GetValueOrDefault((review.Tenant, review.Incident))?.Version ?? 0;
            if (actual != expectedVersion)
            {
                throw new RecordConcurrencyException(ReviewStoreContract.Describe(review), expectedVersion, actual);
            }

            _reviews[(review.Tenant, review.Incident)] = new StoredReview(review, actual + 1);
            foreach (var key in _reminders.Keys.Where(k => k.Item1 == review.Tenant && k.Item2 == review.Incident && !desired.ContainsKey(k.Item3)).ToList())
            {
                _reminders.Remove(key);
            }

            foreach (var (subject, reminder) in desired)
            {
                var key = (review.Tenant, review.Incident, subject);
                if (_reminders.TryGetValue(key, out var existing) && existing.Reminder.DueAt == reminder.DueAt)
                {
                    existing.Reminder = reminder;
                }
                else
                {
                    _reminders[key] = new ReminderEntry(reminder);
                }
            }

            return ValueTask.FromResult(actual + 1);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ActionItemRecord>> ListActionItemsAsync(TenantId tenant, UserId? owner, bool pendingOnly, int maxItems = 100,
        CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckMaxItems(maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<ActionItemRecord>>([.. _reviews
                .Where(r => r.Key.Item1 == tenant)
                .SelectMany(r => r.Value.Review.ActionItems.Select(a => new ActionItemRecord(tenant, r.Key.Item2, a)))
                .Where(a => (owner is null || a.Item.Owner == owner) && (!pendingOnly || a.Item.IsPending))
                .OrderBy(a => a.Item.DueAt).ThenBy(a => a.Item.Id)
                .Take(maxItems)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoredProblem?> FindProblemOrNullAsync(TenantId tenant, ProblemId problem, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(_problems.GetValueOrDefault((tenant, problem)));
        }
    }

    /// <inheritdoc />
    public ValueTask<long> SaveProblemAsync(Problem problem, long expectedVersion, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(problem);
        ReviewStoreContract.CheckExpectedVersion(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var actual = _problems.GetValueOrDefault((problem.Tenant, problem.Id))?.Version ?? 0;
            if (actual != expectedVersion)
            {
                throw new RecordConcurrencyException($"problem {problem.Id} of tenant '{problem.Tenant}'", expectedVersion, actual);
            }

            _problems[(problem.Tenant, problem.Id)] = new StoredProblem(problem, actual + 1);
            return ValueTask.FromResult(actual + 1);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredProblem>> ListProblemsAsync(TenantId tenant, ProblemState? state, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckMaxItems(maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<StoredProblem>>([.. _problems
                .Where(p => p.Key.Item1 == tenant && (state is null || p.Value.Problem.State == state))
                .Select(p => p.Value)
                .OrderByDescending(p => p.Problem.LastChangedAt).ThenBy(p => p.Problem.Id.Value)
                .Take(maxItems)]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClaimedReminder>> ClaimRemindersAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            var due = _reminders
                .Where(r => !r.Value.Sent && r.Value.Reminder.DueAt <= now && (r.Value.Lease is not { } held || held.ExpiresAt <= now))
                .OrderBy(r => r.Value.Reminder.DueAt).ThenBy(r => r.Key.Item1.Value, StringComparer.Ordinal).ThenBy(r => r.Key.Item2.Value)
                .ThenBy(r => r.Key.Item3, StringComparer.Ordinal)
                .Take(maxItems).ToList();
            if (due.Count == 0)
            {
                return ValueTask.FromResult<IReadOnlyList<ClaimedReminder>>([]);
            }

            var lease = new WorkLease(owner, ++_lastToken, now + leaseDuration);
            foreach (var r in due)
            {
                r.Value.Lease = lease;
            }

            return ValueTask.FromResult<IReadOnlyList<ClaimedReminder>>([.. due.Select(r => new ClaimedReminder(r.Key.Item1, r.Key.Item2, r.Value.Reminder, lease))]);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteReminderAsync(ClaimedReminder claim, OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ReviewStoreContract.CheckCompletion(claim, message);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            if (!_reminders.TryGetValue((claim.Tenant, claim.Incident, claim.Reminder.Subject), out var entry) || entry.Sent
                || entry.Reminder.DueAt != claim.Reminder.DueAt || !Holds(entry.Lease, claim.Lease, now) || _outbox.ContainsKey(message.Id))
            {
                return ValueTask.FromResult(false);
            }

            entry.Sent = true;
            entry.Lease = null;
            _outbox.Add(message.Id, new OutboxEntry(message));
            return ValueTask.FromResult(true);
        }
    }

    private sealed class ReminderEntry(ReviewReminder reminder)
    {
        public ReviewReminder Reminder { get; set; } = reminder;

        public bool Sent { get; set; }

        public WorkLease? Lease { get; set; }
    }
}
