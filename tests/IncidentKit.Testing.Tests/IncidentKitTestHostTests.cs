using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace IncidentKit.Testing.Tests;

public sealed class IncidentKitTestHostTests
{
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Bob = new("bob");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Level 1 pages alice at the opening, level 2 bob five minutes later.
    private static void AddEscalation(IncidentKitTestHostOptions o) => o.ConfigureServices = services =>
    {
        var policy = new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Alice))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Bob))
            .Build();
        services.AddSingleton(new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCall.OnCallRoster([]), new EscalationDirectory()));
    };

    [Fact]
    public async Task StartAsync_Defaults_RunsOnTheFakeTimeWithAnEmailChannel()
    {
        await using var host = await IncidentKitTestHost.StartAsync(cancellationToken: Token);

        var incident = await host.OpenAsync(cancellationToken: Token);

        Assert.Equal(Instant.FromUtc(2026, 6, 15, 9, 0), incident.OpenedAt);
        Assert.Equal("email", host.Channel.Name);
        Assert.Same(host.Time, host.Services.GetRequiredService<TimeProvider>());
        Assert.NotNull(await host.Store.ReadAsync(TenantId.Default, incident.Id, 0, Token));
    }

    [Fact]
    public async Task AdvanceAsync_P1Unacknowledged_WorkerPagesEachLevelOnTimeAndTheDispatcherSendsThePages()
    {
        await using var host = await IncidentKitTestHost.StartAsync(AddEscalation, Token);
        var incident = await host.OpenAsync(cancellationToken: Token);

        await host.AdvanceInStepsAsync(Duration.FromMinutes(6), Duration.FromSeconds(5), Token);

        var fired = (await host.Incidents.FindOrNullAsync(TenantId.Default, incident.Id, Token))!.Events.OfType<EscalationStepFired>().ToList();
        Assert.Equal([1, 2], fired.Select(f => f.Level));
        var paged = host.Channel.Unbundled.Where(m => m.EventKind == "escalation-step-fired").Select(m => m.Recipients.Single().ToString());
        Assert.Equal(["user:alice", "user:bob"], paged);
    }

    [Fact]
    public async Task AdvanceAsync_AcknowledgedBeforeLevelTwo_BobIsNeverPaged()
    {
        await using var host = await IncidentKitTestHost.StartAsync(AddEscalation, Token);
        var incident = await host.OpenAsync(cancellationToken: Token);
        await host.AdvanceAsync(Duration.FromMinutes(1), Token);

        await host.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.Acknowledge(at, Alice), Token);
        await host.AdvanceInStepsAsync(Duration.FromMinutes(10), Duration.FromMinutes(1), Token);

        var events = (await host.Incidents.FindOrNullAsync(TenantId.Default, incident.Id, Token))!.Events;
        Assert.Equal([1], events.OfType<EscalationStepFired>().Select(f => f.Level));
        Assert.DoesNotContain(host.Channel.Unbundled, m => m.Recipients.Contains(Communication.Recipient.ForUser(Bob)) && m.EventKind == "escalation-step-fired");
    }

    [Fact]
    public async Task DispatchNotificationsAsync_ChannelFailsOnce_RetriedFromTheOutboxAfterTheBackoff()
    {
        await using var host = await IncidentKitTestHost.StartAsync(o =>
        {
            AddEscalation(o);
            o.ConfigureNotifications = n =>
            {
                n.EnableDispatcher = false; // sent only when the test says so
                n.Dispatcher.QuickRetry.MaxRetryAttempts = 0;
            };
        }, Token);
        host.Channel.FailNext(1);
        await host.OpenAsync(cancellationToken: Token);
        await host.AdvanceAsync(Duration.FromSeconds(5), Token);

        var failed = await host.DispatchNotificationsAsync(Token);
        var tooEarly = await host.DispatchNotificationsAsync(Token);
        await host.AdvanceAsync(Duration.FromMinutes(1), Token);
        var retried = await host.DispatchNotificationsAsync(Token);

        Assert.Equal((1, 0, 0), (failed.Retrying, tooEarly.Claimed, failed.Delivered));
        Assert.Equal(1, retried.Delivered);
        var page = Assert.Single(host.Channel.Sent);
        Assert.Equal(("escalation-step-fired", Communication.Recipient.ForUser(Alice)), (page.EventKind, Assert.Single(page.Recipients)));
    }

    [Fact]
    public async Task GetChannel_SeveralNames_EachCapturesItsOwn()
    {
        await using var host = await IncidentKitTestHost.StartAsync(o => o.Channels.Add("pager"), Token);

        Assert.Equal("pager", host.GetChannel("pager").Name);
        Assert.Throws<KeyNotFoundException>(() => host.GetChannel("sms"));
    }
}
