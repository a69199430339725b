using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Prioritization;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Tests.Automations;

// Draft reviews on resolution through the core alone: an in-memory store, a FakeClock and the due-work path of IncidentService.
public sealed class ReviewDraftAutomationTests
{
    private static readonly TenantId Acme = new("acme");
    private static readonly Instant T0 = Instant.FromUtc(2026, 6, 1, 9, 0);
    private static readonly UserId Reporter = new("rita");
    private static readonly UserId Bob = new("bob");
    private static readonly UserId Carol = new("carol");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunDueAsync_P1Resolved_SavesADraftDueInThreeDaysOwnedByTheResolverAndRemindsThem()
    {
        var (clock, store, service) = Node();
        var incident = await OpenAsync(service, Impact.High, Urgency.High);
        clock.Advance(Duration.FromHours(1));
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Resolve("fixed", "restarted the pool", at, Bob), Token);
        var resolvedAt = clock.GetCurrentInstant();
        Assert.Equal(new DueWork(resolvedAt, DueWorkKind.ReviewDraft), await store.FindDueOrNullAsync(Acme, incident.Id, Token));

        await RunTimersAsync(store, service);

        var stored = await store.FindReviewOrNullAsync(Acme, incident.Id, Token);
        Assert.NotNull(stored);
        Assert.Equal((1L, ReviewStatus.Draft, Bob, resolvedAt + Duration.FromDays(3)), (stored.Version, stored.Review.Status, stored.Review.Owner, stored.Review.DueAt));
        var drafted = Assert.Single((await store.ReadAsync(Acme, incident.Id, 0, Token)).Events.OfType<PostIncidentReviewDrafted>());
        Assert.Equal((resolvedAt, resolvedAt + Duration.FromDays(3), (UserId?)Bob), (drafted.ResolvedAt, drafted.DueAt, drafted.Owner));
        Assert.Null(await store.FindDueOrNullAsync(Acme, incident.Id, Token));

        // The draft's reminder is the review store's own: nothing before the due instant, the owner once it has come.
        Assert.Empty(await store.ClaimRemindersAsync("w", Duration.FromMinutes(1), 10, Token));
        clock.Advance(Duration.FromDays(3));
        var reminder = Assert.Single(await store.ClaimRemindersAsync("w", Duration.FromMinutes(1), 10, Token));
        Assert.Equal((ReminderKind.ReviewDue, Bob), (reminder.Reminder.Kind, reminder.Reminder.Recipient));
    }

    [Fact]
    public async Task RunDueAsync_SecondNodeRetryAndCrashAfterSave_OneDraftOneEvent()
    {
        var (clock, store, nodeA) = Node();
        var nodeB = new IncidentService(store, clock, new IncidentServiceOptions { Automations = { new ReviewDraftAutomation(store) } });
        var incident = await OpenAsync(nodeA, Impact.High, Urgency.Medium);
        await nodeA.ExecuteAsync(Acme, incident.Id, (i, at) => i.Resolve("fixed", "rolled back", at, Bob), Token);
        var claim = Assert.Single(await store.ClaimDueAsync("node-a", Duration.FromMinutes(1), 10, Token));

        // Node A saved the draft and died before recording it on the incident: node B, retrying, finds it and only records it.
        var history = await store.ReadAsync(Acme, incident.Id, 0, Token);
        await store.SaveReviewAsync(PostIncidentReview.Generate(history, new ReviewAuthoring { Owner = Bob, WentWell = ["fast rollback"] },
            new ReviewContext(DateTimeZone.Utc, clock.GetCurrentInstant())), 0, Token);
        var first = await nodeB.RunDueAsync(claim, Token);
        var again = await nodeA.RunDueAsync(claim, Token);

        Assert.Equal((DueRunOutcome.Recorded, DueRunOutcome.NothingDue), (first.Outcome, again.Outcome));
        var stored = await store.FindReviewOrNullAsync(Acme, incident.Id, Token);
        Assert.Equal((1L, "fast rollback"), (stored!.Version, stored.Review.WentWell.Single()));
        Assert.Single((await store.ReadAsync(Acme, incident.Id, 0, Token)).Events.OfType<PostIncidentReviewDrafted>());
    }

    [Fact]
    public async Task RunDueAsync_MajorIncidentWithCommander_CommanderOwnsTheDraftDueInFiveBusinessDays()
    {
        var (clock, store, service) = Node();
        var incident = await OpenAsync(service, Impact.High, Urgency.Medium);
        await service.ExecuteAsync(Acme, incident.Id, (i, at) =>
        {
            i.DeclareMajor("every region", at, Bob);
            i.AssignResponseRole(ResponseRole.IncidentCommander, Carol, null, at, Bob);
        }, Token);
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Resolve("fixed", "failed over", at, Bob), Token);

        await RunTimersAsync(store, service);

        var review = (await store.FindReviewOrNullAsync(Acme, incident.Id, Token))!.Review;
        Assert.Equal(Priority.P2, review.Priority);
        // Monday 09:00 resolved; five business days on the always-open calendar end at the close of Saturday.
        Assert.Equal((Carol, Instant.FromUtc(2026, 6, 7, 0, 0)), (review.Owner, review.DueAt));
    }

    [Fact]
    public async Task RunDueAsync_ReopenedAndResolvedAgain_KeepsTheAuthorsTextAndMovesTheDueDate()
    {
        var (clock, store, service) = Node();
        var incident = await OpenAsync(service, Impact.High, Urgency.High);
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Resolve("fixed", "restarted", at, Bob), Token);
        await RunTimersAsync(store, service);
        var draft = (await store.FindReviewOrNullAsync(Acme, incident.Id, Token))!;
        await store.SaveReviewAsync(draft.Review with { ContributingFactors = ["no alert on pool size"] }, draft.Version, Token);

        clock.Advance(Duration.FromHours(5));
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Reopen("errors again", at, Carol), Token);
        clock.Advance(Duration.FromHours(1));
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Resolve("fixed", "raised the pool size", at, Carol), Token);
        await RunTimersAsync(store, service);

        var stored = (await store.FindReviewOrNullAsync(Acme, incident.Id, Token))!;
        Assert.Equal(3, stored.Version);
        Assert.Equal(["no alert on pool size"], stored.Review.ContributingFactors);
        Assert.Equal((Bob, T0 + Duration.FromHours(6) + Duration.FromDays(3)), (stored.Review.Owner, stored.Review.DueAt));
        Assert.Contains(stored.Review.Timeline, t => t.Text.Contains("raised the pool size", StringComparison.Ordinal));
        Assert.Equal(2, (await store.ReadAsync(Acme, incident.Id, 0, Token)).Events.OfType<PostIncidentReviewDrafted>().Count());
    }

    [Fact]
    public async Task RunDueAsync_P3OrExercise_MakesNoDraft()
    {
        var (_, store, service) = Node();
        var p3 = await OpenAsync(service, Impact.Low, Urgency.High);
        var drill = await service.OpenAsync(Acme, new NewIncident { Title = "Drill", Impact = Impact.High, Urgency = Urgency.High, IsExercise = true },
            Reporter, cancellationToken: Token);
        foreach (var id in new[] { p3.Id, drill.Id })
        {
            await service.ExecuteAsync(Acme, id, (i, at) => i.Resolve("fixed", "done", at, Bob), Token);
        }

        await RunTimersAsync(store, service);

        Assert.Null(await store.FindReviewOrNullAsync(Acme, p3.Id, Token));
        Assert.Null(await store.FindReviewOrNullAsync(Acme, drill.Id, Token));
        Assert.Null(await store.FindDueOrNullAsync(Acme, p3.Id, Token));
    }

    [Fact]
    public async Task RunDueAsync_ResolvedByAutomation_TheAssigneeOwnsTheDraft()
    {
        var (_, store, service) = Node();
        var incident = await OpenAsync(service, Impact.High, Urgency.High);
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Assign(Carol, null, at, Bob), Token);
        await service.ExecuteAsync(Acme, incident.Id, (i, at) => i.Resolve("auto", "alert resolved", at, new UserId("system:monitoring")), Token);

        await RunTimersAsync(store, service);

        Assert.Equal(Carol, (await store.FindReviewOrNullAsync(Acme, incident.Id, Token))!.Review.Owner);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new ReviewDraftAutomation(new InMemoryIncidentStore(),
            new ReviewDraftOptions { DueRule = null!, TimeZone = null! }));
        Assert.Contains("DueRule", e.Message, StringComparison.Ordinal);
        Assert.Contains("TimeZone", e.Message, StringComparison.Ordinal);
    }

    private static (FakeClock Clock, InMemoryIncidentStore Store, IncidentService Service) Node()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        return (clock, store, new IncidentService(store, clock, new IncidentServiceOptions { Automations = { new ReviewDraftAutomation(store) } }));
    }

    private static async Task<Incident> OpenAsync(IncidentService service, Impact impact, Urgency urgency) =>
        await service.OpenAsync(Acme, new NewIncident { Title = "Checkout fails", Impact = impact, Urgency = urgency, Service = "checkout" }, Reporter,
            cancellationToken: Token);

    private static async Task RunTimersAsync(InMemoryIncidentStore store, IncidentService service)
    {
        foreach (var claim in await store.ClaimDueAsync("core-host", Duration.FromMinutes(1), 100, Token))
        {
            await service.RunDueAsync(claim, Token);
        }
    }
}
