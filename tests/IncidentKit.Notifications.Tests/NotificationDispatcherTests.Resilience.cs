using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using Polly;
using Polly.CircuitBreaker;

namespace IncidentKit.Notifications.Tests;

// Polly's own retry and circuit breaker options, taken as they are, take effect on every channel's pipeline.
public sealed partial class NotificationDispatcherTests
{
    [Fact]
    public async Task DispatchAsync_QuickRetryWithOnRetryAndMoreAttempts_RetriesWithinThePassAndCallsBack()
    {
        var pager = new ScriptedChannel { Answer = n => n <= 3 ? DeliveryResult.Transient("blip") : DeliveryResult.Delivered() };
        var retries = new List<int>();
        var options = TestOptions();
        options.QuickRetry.MaxRetryAttempts = 3;
        options.QuickRetry.OnRetry = args =>
        {
            retries.Add(args.AttemptNumber);
            return ValueTask.CompletedTask;
        };
        options.CircuitBreaker.MinimumThroughput = 100;
        using var dispatcher = Dispatcher(pager, options);
        _outbox.Enqueue(Messages.Create("k", channel: "pager"));

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 0), (report.Delivered, report.Retrying));
        Assert.Equal(4, pager.Calls);
        Assert.Equal([0, 1, 2], retries);
    }

    [Fact]
    public async Task DispatchAsync_QuickRetryShouldHandleReplaced_UsersPredicateDecidesWhatIsRetried()
    {
        var pager = new ScriptedChannel { Answer = n => n == 1 ? DeliveryResult.Transient("HTTP 429 slow down") : DeliveryResult.Delivered() };
        var options = TestOptions();
        options.QuickRetry.ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result.Detail?.Contains("429", StringComparison.Ordinal) != true);
        using var dispatcher = Dispatcher(pager, options);
        _outbox.Enqueue(Messages.Create("k", channel: "pager"));

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, pager.Calls);
        Assert.Equal(1, report.Retrying);
    }

    [Fact]
    public async Task DispatchAsync_QuickRetryZeroAttempts_SendsOnceAndLeavesTheRetryToTheOutbox()
    {
        var pager = new ScriptedChannel { Answer = n => n == 1 ? DeliveryResult.Transient("blip") : DeliveryResult.Delivered() };
        var options = TestOptions();
        options.QuickRetry.MaxRetryAttempts = 0;
        using var dispatcher = Dispatcher(pager, options);
        _outbox.Enqueue(Messages.Create("k", channel: "pager"));

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (pager.Calls, report.Retrying));
    }

    [Fact]
    public async Task DispatchAsync_CircuitBreakerManualControlIsolates_PostponesWithoutSendingUntilClosed()
    {
        var pager = new ScriptedChannel();
        var control = new CircuitBreakerManualControl();
        var options = TestOptions();
        options.CircuitBreaker.ManualControl = control;
        using var dispatcher = Dispatcher(pager, options);
        await control.IsolateAsync(TestContext.Current.CancellationToken);
        _outbox.Enqueue(Messages.Create("k", channel: "pager"));

        var isolated = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        var availableWhileIsolated = dispatcher.IsChannelAvailable("pager");
        await control.CloseAsync(TestContext.Current.CancellationToken);
        _time.Advance(options.CircuitBreaker.BreakDuration);
        var closed = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal((1, 0), (isolated.Postponed, isolated.Retrying));
        Assert.False(availableWhileIsolated);
        Assert.Equal(1, closed.Delivered);
        Assert.Equal(1, pager.Calls);
        Assert.Empty(_recorder.Failed);
    }

    [Fact]
    public async Task DispatchAsync_CircuitBreakerOnOpenedAndBreakDuration_CalledOnceAndRowsWaitForTheBreak()
    {
        var pager = new ScriptedChannel { Answer = _ => DeliveryResult.Transient("HTTP 503") };
        var opened = new List<TimeSpan>();
        var options = TestOptions();
        options.QuickRetry.MaxRetryAttempts = 0;
        options.BundleWindow = TimeSpan.Zero;
        options.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(7);
        options.CircuitBreaker.OnOpened = args =>
        {
            opened.Add(args.BreakDuration);
            return ValueTask.CompletedTask;
        };
        using var dispatcher = Dispatcher(pager, options);
        for (var i = 0; i < 3; i++)
        {
            _outbox.Enqueue(Messages.Create($"k{i}", channel: "pager", recipient: Recipient.ForUser(new UserId($"user{i}"))));
        }

        var report = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(6));
        var duringBreak = await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromMinutes(7)], opened);
        Assert.Equal((2, 1), (report.Retrying, report.Postponed));
        Assert.Equal(2, pager.Calls);
        Assert.Equal((2, 2), (duringBreak.Claimed, duringBreak.Postponed));
        Assert.False(dispatcher.IsChannelAvailable("pager"));
    }

    [Fact]
    public void Constructor_InvalidPollyOptions_ListsEachProblemWithItsPath()
    {
        var options = TestOptions();
        options.QuickRetry.MaxRetryAttempts = 11;
        options.QuickRetry.Delay = TimeSpan.FromMinutes(2);
        options.CircuitBreaker.MinimumThroughput = 1;
        options.CircuitBreaker.StateProvider = new CircuitBreakerStateProvider();

        var ex = Assert.Throws<ConfigurationValidationException>(() => Dispatcher(new ScriptedChannel(), options));

        Assert.Equal(
            ["QuickRetry.MaxRetryAttempts", "QuickRetry.Delay", "CircuitBreaker.MinimumThroughput", "CircuitBreaker.StateProvider"],
            ex.Errors.Select(e => e[..e.IndexOf(' ', StringComparison.Ordinal)]));
    }

    [Fact]
    public async Task Constructor_OneOptionsObjectForTwoChannels_EachChannelHasItsOwnCircuit()
    {
        var pager = new ScriptedChannel("pager") { Answer = _ => DeliveryResult.Transient("HTTP 503") };
        var sms = new ScriptedChannel("sms");
        var options = WithCollaborators(TestOptions());
        options.QuickRetry.MaxRetryAttempts = 0;
        options.BundleWindow = TimeSpan.Zero;
        using var dispatcher = new NotificationDispatcher(_outbox, [pager, sms], _deduplication, options);
        for (var i = 0; i < 2; i++)
        {
            _outbox.Enqueue(Messages.Create($"p{i}", channel: "pager", recipient: Recipient.ForUser(new UserId($"user{i}"))));
            _outbox.Enqueue(Messages.Create($"s{i}", channel: "sms", recipient: Recipient.ForUser(new UserId($"user{i}"))));
        }

        await dispatcher.DispatchAsync(TestContext.Current.CancellationToken);

        Assert.False(dispatcher.IsChannelAvailable("pager"));
        Assert.True(dispatcher.IsChannelAvailable("sms"));
        Assert.Equal(2, sms.Accepted.Count);
    }
}
