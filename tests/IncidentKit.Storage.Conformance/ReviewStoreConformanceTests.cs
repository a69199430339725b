using IncidentKit.Incidents;
using IncidentKit.Problems;
using IncidentKit.Reporting.Reviews;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the review store contract: reviews, action items and problems kept per tenant with optimistic concurrency, and
/// review reminders claimed under leases and completed together with their outbox notification, once.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class ReviewStoreConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);
    private static readonly UserId Bob = new("user:bob");

    /// <summary>Gets the review port of the store under test.</summary>
    protected IReviewStore Reviews => (IReviewStore)Incidents;

    [Fact]
    public async Task SaveReviewAsync_CreateThenUpdate_VersionsAndReadsBackExactly()
    {
        var review = await DraftAsync(TenantA);

        Assert.Null(await Reviews.FindReviewOrNullAsync(TenantA, review.Incident, Ct));
        Assert.Equal(1, await Reviews.SaveReviewAsync(review, 0, Ct));
        var edited = review with { WentWell = ["Paging worked"], Status = ReviewStatus.Published };
        Assert.Equal(2, await Reviews.SaveReviewAsync(edited, 1, Ct));

        var stored = await Reviews.FindReviewOrNullAsync(TenantA, review.Incident, Ct);
        Assert.NotNull(stored);
        Assert.Equal(2, stored.Version);
        Assert.Equal(ReviewJson.Serialize(edited), ReviewJson.Serialize(stored.Review));
    }

    [Fact]
    public async Task SaveReviewAsync_StaleVersion_ThrowsAndKeepsTheStoredReview()
    {
        var review = await DraftAsync(TenantA);
        await Reviews.SaveReviewAsync(review, 0, Ct);

        var create = await Assert.ThrowsAsync<RecordConcurrencyException>(async () => await Reviews.SaveReviewAsync(review with { WentWell = ["x"] }, 0, Ct));
        var stale = await Assert.ThrowsAsync<RecordConcurrencyException>(async () => await Reviews.SaveReviewAsync(review with { WentWell = ["y"] }, 5, Ct));

        Assert.Equal((0L, 1L), (create.Expected, create.Actual));
        Assert.Equal((5L, 1L), (stale.Expected, stale.Actual));
        var stored = await Reviews.FindReviewOrNullAsync(TenantA, review.Incident, Ct);
        Assert.Empty(stored!.Review.WentWell);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Reviews.SaveReviewAsync(review, -1, Ct));
    }

    [Fact]
    public async Task SaveReviewAsync_IncidentOfAnotherTenantOrNone_ThrowsAndStoresNothing()
    {
        var review = await DraftAsync(TenantA);

        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await Reviews.SaveReviewAsync(review with { Tenant = TenantB }, 0, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Reviews.SaveReviewAsync(review with { Incident = IncidentId.New() }, 0, Ct));

        Assert.Equal("review", e.ParamName);
        Assert.Null(await Reviews.FindReviewOrNullAsync(TenantB, review.Incident, Ct));
        Assert.Null(await Reviews.FindReviewOrNullAsync(TenantA, review.Incident, Ct));
    }

    [Fact]
    public async Task Reviews_OfOneTenant_AreInvisibleToAnother()
    {
        var a = await DraftAsync(TenantA, [Item("Rotate certs", Bob, Now + Duration.FromDays(1))]);
        await Reviews.SaveReviewAsync(a, 0, Ct);
        var problem = Problem.Open(ProblemId.New(), TenantA, "Certificates expire", Bob, Now, Actor, [a.Incident]);
        await Reviews.SaveProblemAsync(problem, 0, Ct);

        Assert.Null(await Reviews.FindReviewOrNullAsync(TenantB, a.Incident, Ct));
        Assert.Empty(await Reviews.ListActionItemsAsync(TenantB, null, false, 100, Ct));
        Assert.Null(await Reviews.FindProblemOrNullAsync(TenantB, problem.Id, Ct));
        Assert.Empty(await Reviews.ListProblemsAsync(TenantB, null, 100, Ct));

        // The same problem id in another tenant is another record.
        var other = Problem.Open(problem.Id, TenantB, "Tenant B's own", Bob, Now, Actor);
        Assert.Equal(1, await Reviews.SaveProblemAsync(other, 0, Ct));
        Assert.Equal("Certificates expire", (await Reviews.FindProblemOrNullAsync(TenantA, problem.Id, Ct))!.Problem.Title);
        Assert.Equal("Tenant B's own", (await Reviews.FindProblemOrNullAsync(TenantB, problem.Id, Ct))!.Problem.Title);
    }

    [Fact]
    public async Task ListActionItemsAsync_FiltersByOwnerAndPending_EarliestDueFirst()
    {
        var late = Item("Write runbook", Bob, Now + Duration.FromDays(5));
        var early = Item("Add alert", Actor, Now + Duration.FromDays(1));
        var done = Item("Renew cert", Bob, Now + Duration.FromDays(2)) with { Status = ActionItemStatus.Done };
        var first = await DraftAsync(TenantA, [late, done]);
        var second = await DraftAsync(TenantA, [early]);
        await Reviews.SaveReviewAsync(first, 0, Ct);
        await Reviews.SaveReviewAsync(second, 0, Ct);

        var all = await Reviews.ListActionItemsAsync(TenantA, null, false, 100, Ct);
        var bobsPending = await Reviews.ListActionItemsAsync(TenantA, Bob, true, 100, Ct);

        Assert.Equal(["Add alert", "Renew cert", "Write runbook"], all.Select(a => a.Item.Title));
        Assert.Equal(second.Incident, all[0].Incident);
        Assert.Equal(early, all[0].Item);
        Assert.Equal(["Write runbook"], bobsPending.Select(a => a.Item.Title));
        Assert.Single(await Reviews.ListActionItemsAsync(TenantA, null, false, 1, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await Reviews.ListActionItemsAsync(TenantA, null, false, 0, Ct));
    }

    [Fact]
    public async Task SaveProblemAsync_VersionsFiltersByStateAndRefusesStaleSaves()
    {
        var open = Problem.Open(ProblemId.New(), TenantA, "Pool exhaustion", Bob, Now, Actor);
        var other = Problem.Open(ProblemId.New(), TenantA, "Disk fills", Bob, Now, Actor);
        await Reviews.SaveProblemAsync(open, 0, Ct);
        await Reviews.SaveProblemAsync(other, 0, Ct);
        Clock.Advance(Duration.FromMinutes(1));
        var known = open.RecordRootCause("Pool too small", Now, Actor).DeclareKnownError(Now, Actor);

        Assert.Equal(2, await Reviews.SaveProblemAsync(known, 1, Ct));
        var e = await Assert.ThrowsAsync<RecordConcurrencyException>(async () => await Reviews.SaveProblemAsync(open.RecordWorkaround("restart", Now, Actor), 1, Ct));

        Assert.Equal((1L, 2L), (e.Expected, e.Actual));
        var stored = await Reviews.FindProblemOrNullAsync(TenantA, open.Id, Ct);
        Assert.Equal((ProblemState.KnownError, 2L, "Pool too small"), (stored!.Problem.State, stored.Version, stored.Problem.RootCause));
        Assert.Equal(known.History, stored.Problem.History);
        Assert.Equal([open.Id], (await Reviews.ListProblemsAsync(TenantA, ProblemState.KnownError, 100, Ct)).Select(p => p.Problem.Id));
        Assert.Equal([open.Id, other.Id], (await Reviews.ListProblemsAsync(TenantA, null, 100, Ct)).Select(p => p.Problem.Id));
    }

    [Fact]
    public async Task ClaimRemindersAsync_OverdueItem_ClaimedOnceWhileLeasedAndSentOnceWithItsNotification()
    {
        var item = Item("Add alert", Bob, Now + Duration.FromHours(1));
        var review = await DraftAsync(TenantA, [item]);
        await Reviews.SaveReviewAsync(review, 0, Ct);

        Assert.Empty(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));
        Clock.Advance(Duration.FromHours(1));
        var claim = Assert.Single(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));
        Assert.Empty(await Reviews.ClaimRemindersAsync("w2", Lease, 10, Ct));

        Assert.Equal((TenantA, review.Incident, ReminderKind.ActionItemOverdue, Bob, item.DueAt, "Add alert"),
            (claim.Tenant, claim.Incident, claim.Reminder.Kind, claim.Reminder.Recipient, claim.Reminder.DueAt, claim.Reminder.Title));
        var message = ReviewReminder.ToOutboxMessage(claim, "email", null, Now);
        Assert.True(await Reviews.CompleteReminderAsync(claim, message, Ct));
        Assert.False(await Reviews.CompleteReminderAsync(claim, message with { Id = Guid.NewGuid() }, Ct));
        Assert.Equal([message.Id], (await Outbox.ListOutboxAsync(TenantA, 100, Ct)).Select(m => m.Id));
        Assert.Empty(await Outbox.ListOutboxAsync(TenantB, 100, Ct));

        Clock.Advance(Duration.FromDays(1));
        Assert.Empty(await Reviews.ClaimRemindersAsync("w2", Lease, 10, Ct));
    }

    [Fact]
    public async Task CompleteReminderAsync_AfterLeaseLapsedAndReclaimed_IsRefusedForTheStaleWorker()
    {
        var review = await DraftAsync(TenantA, [Item("Add alert", Bob, Now)]);
        await Reviews.SaveReviewAsync(review, 0, Ct);
        var stale = Assert.Single(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));
        Clock.Advance(Lease);
        var fresh = Assert.Single(await Reviews.ClaimRemindersAsync("w2", Lease, 10, Ct));

        Assert.False(await Reviews.CompleteReminderAsync(stale, ReviewReminder.ToOutboxMessage(stale, "email", null, Now), Ct));
        Assert.Empty(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
        Assert.True(await Reviews.CompleteReminderAsync(fresh, ReviewReminder.ToOutboxMessage(fresh, "email", null, Now), Ct));
        Assert.Single(await Outbox.ListOutboxAsync(TenantA, 100, Ct));
    }

    [Fact]
    public async Task SaveReviewAsync_AfterReminderSent_SameDueStaysSentMovedDueRemindsAgainDoneDropsIt()
    {
        var item = Item("Add alert", Bob, Now);
        var review = await DraftAsync(TenantA, [item]);
        var version = await Reviews.SaveReviewAsync(review, 0, Ct);
        var claim = Assert.Single(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));
        await Reviews.CompleteReminderAsync(claim, ReviewReminder.ToOutboxMessage(claim, "email", null, Now), Ct);

        version = await Reviews.SaveReviewAsync(review with { WentWell = ["edited"] }, version, Ct);
        Assert.Empty(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));

        var moved = item with { DueAt = Now + Duration.FromDays(2) };
        version = await Reviews.SaveReviewAsync(review with { ActionItems = [moved] }, version, Ct);
        Clock.Advance(Duration.FromDays(2));
        Assert.Equal(moved.DueAt, Assert.Single(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct)).Reminder.DueAt);

        Clock.Advance(Lease);
        await Reviews.SaveReviewAsync(review with { ActionItems = [moved with { Status = ActionItemStatus.Done }] }, version, Ct);
        Assert.Empty(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));
    }

    [Fact]
    public async Task ClaimRemindersAsync_DraftReviewPastDue_RemindsItsOwnerUntilPublished()
    {
        var draft = await DraftAsync(TenantA) with { DueAt = Now + Duration.FromDays(3), Owner = Bob };
        var published = await DraftAsync(TenantB) with { DueAt = Now, Owner = Bob, Status = ReviewStatus.Published };
        await Reviews.SaveReviewAsync(draft, 0, Ct);
        await Reviews.SaveReviewAsync(published, 0, Ct);
        Clock.Advance(Duration.FromDays(3));

        var claim = Assert.Single(await Reviews.ClaimRemindersAsync("w1", Lease, 10, Ct));

        Assert.Equal((TenantA, ReminderKind.ReviewDue, ReviewReminder.ReviewSubject, Bob), (claim.Tenant, claim.Reminder.Kind, claim.Reminder.Subject, claim.Reminder.Recipient));
        var wrong = ReviewReminder.ToOutboxMessage(claim, "email", null, Now) with { Tenant = TenantB };
        await Assert.ThrowsAsync<ArgumentException>(async () => await Reviews.CompleteReminderAsync(claim, wrong, Ct));
    }

    /// <summary>Returns an open action item due at an instant.</summary>
    /// <param name="title">The title.</param>
    /// <param name="owner">The owner.</param>
    /// <param name="dueAt">When it is due.</param>
    /// <returns>The item.</returns>
    protected static ActionItem Item(string title, UserId owner, Instant dueAt) =>
        new(Guid.NewGuid(), title, owner, dueAt.InUtc().Date, dueAt, ActionItemStatus.Open, new Uri("https://tracker.example/T-1"));

    /// <summary>Stores a new incident of a tenant and returns a draft review of it.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="items">The review's action items.</param>
    /// <returns>The review, not yet saved.</returns>
    protected async Task<PostIncidentReview> DraftAsync(TenantId tenant, IReadOnlyList<ActionItem>? items = null)
    {
        var incident = await StoreNewAsync(tenant);
        var history = await Incidents.ReadAsync(tenant, incident.Id, 0, Ct);
        return PostIncidentReview.Generate(history, new ReviewAuthoring { ActionItems = items ?? [] }, new ReviewContext(DateTimeZone.Utc, Now));
    }
}
