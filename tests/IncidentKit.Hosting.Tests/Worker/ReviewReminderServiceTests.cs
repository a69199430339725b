using IncidentKit.Communication;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

public sealed class ReviewReminderServiceTests : IDisposable
{
    private static readonly UserId Bob = new("bob");
    private static readonly UserId Carol = new("carol");
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-reminders-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "incidents.db")}";

    // Two nodes share one SQLite file and one fake clock: each overdue item and the draft review past due reach the outbox once.
    [Fact]
    public async Task Sweep_TwoNodesOverSqlite_QueueEachReminderOnceWhenDue()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var nodeA = Build(time, "node-a");
        using var nodeB = Build(time, "node-b");
        await nodeA.StartAsync(Ct);
        await nodeB.StartAsync(Ct);
        var (beatA, beatB) = (Service(nodeA).Heartbeat, Service(nodeB).Heartbeat);
        await beatA.WaitForBeatAsync(0, Ct);
        await beatB.WaitForBeatAsync(0, Ct);

        var store = (IReviewStore)nodeA.Services.GetRequiredService<IOutboxStore>();
        var incident = await nodeA.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Disk full", Impact = Impact.High, Urgency = Urgency.High }, Bob, cancellationToken: Ct);
        var now = Instant.FromDateTimeOffset(WorkerHarness.Start);
        var history = await nodeA.Services.GetRequiredService<IIncidentStore>().ReadAsync(TenantId.Default, incident.Id, 0, Ct);
        var item = new ActionItem(Guid.NewGuid(), "Add disk alert", Carol, new LocalDate(2026, 3, 2), now + Duration.FromMinutes(90), ActionItemStatus.Open, null);
        var review = PostIncidentReview.Generate(history, new ReviewAuthoring { ActionItems = [item], Owner = Bob }, new ReviewContext(DateTimeZone.Utc, now))
            with { DueAt = now + Duration.FromHours(3) };
        await store.SaveReviewAsync(review, 0, Ct);
        var before = await NotificationsAsync(nodeA);

        await AdvanceAsync(time, TimeSpan.FromMinutes(60), beatA, beatB);
        Assert.Equal(before, await NotificationsAsync(nodeA));

        await AdvanceAsync(time, TimeSpan.FromMinutes(31), beatA, beatB);
        var afterItem = await NotificationsAsync(nodeA);
        var overdue = Assert.Single(afterItem.Except(before));
        Assert.Equal((ReviewReminder.ActionItemOverdueEventKind, "user:carol", "email"), (overdue.EventKind, overdue.Recipients.Single().ToString(), overdue.Channel));
        Assert.Contains("Add disk alert", overdue.Subject, StringComparison.Ordinal);

        for (var i = 0; i < 4; i++)
        {
            await AdvanceAsync(time, TimeSpan.FromMinutes(60), beatA, beatB);
        }

        var all = await NotificationsAsync(nodeA);
        var reminders = all.Except(before).ToList();
        Assert.Equal(2, reminders.Count);
        var due = Assert.Single(reminders, m => m.EventKind == ReviewReminder.ReviewDueEventKind);
        Assert.Equal("user:bob", due.Recipients.Single().ToString());
        Assert.Equal(reminders.Count, reminders.Select(m => m.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public void AddReviewReminders_InvalidOptions_FailStartListingEveryProblem()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = Build(time, "node", o =>
        {
            o.PollInterval = TimeSpan.Zero;
            o.BatchSize = 0;
            o.Channel = " ";
        });

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ReviewReminderOptions>>().Value);
        Assert.Contains(e.Failures, f => f.StartsWith("PollInterval", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("BatchSize", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Channel", StringComparison.Ordinal));
    }

    // AddReviewDrafts end to end: the nodes' timer workers make the draft of a resolved P1 once and tell its owner, and the reminder
    // workers remind the owner once when it falls due.
    [Fact]
    public async Task AddReviewDrafts_P1ResolvedOnTwoNodes_OneDraftAndOneDueReminderToTheResolver()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var nodeA = Build(time, "node-a", drafts: true);
        using var nodeB = Build(time, "node-b", drafts: true);
        await nodeA.StartAsync(Ct);
        await nodeB.StartAsync(Ct);
        var beats = new[] { nodeA, nodeB }.SelectMany(h => new[] { h.Services.GetRequiredService<WorkerHeartbeat>(), h.Services.GetRequiredService<ReviewReminderService>().Heartbeat }).ToArray();
        foreach (var beat in beats)
        {
            await beat.WaitForBeatAsync(0, Ct);
        }

        var incidents = nodeA.Services.GetRequiredService<IncidentService>();
        var p1 = await incidents.OpenAsync(TenantId.Default, new NewIncident { Title = "Disk full", Impact = Impact.High, Urgency = Urgency.High }, Bob, cancellationToken: Ct);
        var p4 = await incidents.OpenAsync(TenantId.Default, new NewIncident { Title = "Typo", Impact = Impact.Low, Urgency = Urgency.Medium }, Bob, cancellationToken: Ct);
        await AdvanceAsync(time, TimeSpan.FromMinutes(30), beats);
        await incidents.ExecuteAsync(TenantId.Default, p1.Id, (i, at) => i.Resolve("fixed", "freed space", at, Bob), Ct);
        await nodeB.Services.GetRequiredService<IncidentService>().ExecuteAsync(TenantId.Default, p4.Id, (i, at) => i.Resolve("fixed", "typo", at, Bob), Ct);
        var resolvedAt = Instant.FromDateTimeOffset(time.GetUtcNow());
        // The timer workers' sweeps (every 5 s) claim the resolution's due work; the reminder workers sleep a minute.
        var workers = new[] { beats[0], beats[2] };
        await AdvanceAsync(time, TimeSpan.FromSeconds(10), workers);
        await AdvanceAsync(time, TimeSpan.FromSeconds(10), workers);

        var store = (IReviewStore)nodeA.Services.GetRequiredService<IOutboxStore>();
        var draft = await store.FindReviewOrNullAsync(TenantId.Default, p1.Id, Ct);
        Assert.NotNull(draft);
        Assert.Equal((1L, ReviewStatus.Draft, (UserId?)Bob, (Instant?)(resolvedAt + Duration.FromDays(3))),
            (draft.Version, draft.Review.Status, draft.Review.Owner, draft.Review.DueAt));
        Assert.Null(await store.FindReviewOrNullAsync(TenantId.Default, p4.Id, Ct));
        var events = (await nodeA.Services.GetRequiredService<IIncidentStore>().ReadAsync(TenantId.Default, p1.Id, 0, Ct)).Events;
        Assert.Single(events.OfType<PostIncidentReviewDrafted>());
        // The owner is told at once that the draft is theirs, with its due date, through the outbox like every notification.
        var told = Assert.Single(await NotificationsAsync(nodeA), m => m.EventKind == "post-incident-review-drafted");
        Assert.Equal(("user:bob", "email"), (told.Recipients.Single().ToString(), told.Channel));
        Assert.Contains("Disk full", told.Subject, StringComparison.Ordinal);
        Assert.Contains("2026-03-05", told.Subject, StringComparison.Ordinal);

        Assert.DoesNotContain(await NotificationsAsync(nodeA), m => m.EventKind == ReviewReminder.ReviewDueEventKind);
        await AdvanceAsync(time, TimeSpan.FromDays(3), beats);
        await AdvanceAsync(time, TimeSpan.FromMinutes(1), beats);
        var due = Assert.Single(await NotificationsAsync(nodeA), m => m.EventKind == ReviewReminder.ReviewDueEventKind);
        Assert.Equal("user:bob", due.Recipients.Single().ToString());
        Assert.Contains("Disk full", due.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void AddReviewDrafts_InvalidOptions_FailStartListingEveryProblem()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = Build(time, "node", drafts: true, configureDrafts: o =>
        {
            o.DueRule = null!;
            o.Calendar = null!;
        });

        var e = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ReviewDraftOptions>>().Value);
        Assert.Contains(e.Failures, f => f.StartsWith("DueRule", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Calendar", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static ReviewReminderService Service(IHost host) => host.Services.GetRequiredService<ReviewReminderService>();

    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by, params WorkerHeartbeat[] beats)
    {
        var counts = beats.Select(b => b.Count).ToArray();
        time.Advance(by);
        for (var i = 0; i < beats.Length; i++)
        {
            // A hang guard, not a timing assertion.
            await beats[i].WaitForBeatAsync(counts[i], Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
    }

    private static async Task<List<NotificationMessage>> NotificationsAsync(IHost host) =>
        [.. (await host.Services.GetRequiredService<IOutboxStore>().ListOutboxAsync(TenantId.Default, 1000, Ct))
            .Select(m => NotificationMessageSerializer.Deserialize(m.Payload))];

    private IHost Build(FakeTimeProvider time, string name, Action<ReviewReminderOptions>? configure = null, bool drafts = false,
        Action<ReviewDraftOptions>? configureDrafts = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(time);
        var incidentKit = builder.Services.AddIncidentKit(o =>
            {
                o.EnableWorker = drafts;
                o.WorkerName = name;
                o.PollInterval = TimeSpan.FromSeconds(5);
                o.ScheduleCommunication = false;
            })
            .UseSqlite(ConnectionString)
            .AddReviewReminders(o =>
            {
                o.WorkerName = name;
                o.PollInterval = TimeSpan.FromMinutes(1);
                configure?.Invoke(o);
            });
        if (drafts)
        {
            incidentKit.AddReviewDrafts(configureDrafts);
        }

        return builder.Build();
    }
}
