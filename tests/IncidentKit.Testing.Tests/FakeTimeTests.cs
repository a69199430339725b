using Microsoft.Extensions.Hosting;
using NodaTime;

namespace IncidentKit.Testing.Tests;

public sealed class FakeTimeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void Clock_AfterAdvance_ReadsTheSameInstantAsTheTimeProvider()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 9, 0);

        time.Advance(Duration.FromMinutes(90));

        Assert.Equal(Instant.FromUtc(2026, 6, 15, 10, 30), time.Clock.GetCurrentInstant());
        Assert.Equal(time.Now, Instant.FromDateTimeOffset(time.GetUtcNow()));
    }

    [Fact]
    public void Advance_NegativeDuration_Throws()
    {
        var time = FakeTime.FromUtc(2026, 6, 15);

        Assert.Throws<ArgumentOutOfRangeException>(() => time.Advance(Duration.FromSeconds(-1)));
    }

    [Fact]
    public async Task AdvanceAsync_LoopWithSlowRound_ReturnsOnlyAfterTheRoundIsDone()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 9, 0);
        using var loop = new Loop(time, slowRound: true);
        await loop.StartAsync(Token);
        while (time.PendingTimers < 1)
        {
            await Task.Delay(1, Token);
        }

        await time.AdvanceAsync(Duration.FromSeconds(5), Token);

        Assert.Equal(1, loop.Rounds);
        await loop.StopAsync(Token);
    }

    [Fact]
    public async Task AdvanceInStepsAsync_ThreePollIntervals_ThreeRounds()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 9, 0);
        using var loop = new Loop(time, slowRound: true);
        await loop.StartAsync(Token);
        while (time.PendingTimers < 1)
        {
            await Task.Delay(1, Token);
        }

        await time.AdvanceInStepsAsync(Duration.FromSeconds(15), Duration.FromSeconds(5), Token);

        Assert.Equal(3, loop.Rounds);
        Assert.Equal(Instant.FromUtc(2026, 6, 15, 9, 0, 15), time.Now);
        await loop.StopAsync(Token);
    }

    [Fact]
    public async Task AdvanceAsync_NoTimerDue_ReturnsAtOnce()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 9, 0);

        await time.AdvanceAsync(Duration.FromHours(1), Token);

        Assert.Equal(Instant.FromUtc(2026, 6, 15, 10, 0), time.Now);
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public async Task AdvanceAsync_LoopNeverComesRound_ThrowsTimeoutException()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 9, 0);
        time.RoundTimeout = TimeSpan.FromMilliseconds(200);
        var never = new TaskCompletionSource();
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), time, Token);
            await never.Task;
        }, Token);
        while (time.PendingTimers < 1)
        {
            await Task.Delay(1, Token);
        }

        var error = await Assert.ThrowsAsync<TimeoutException>(() => time.AdvanceAsync(Duration.FromSeconds(5), Token));

        Assert.Contains("2026-06-15T09:00:05Z", error.Message, StringComparison.Ordinal);
        never.SetResult();
    }

    [Fact]
    public async Task PendingTimers_DelayCancelledBeforeItFires_CountedOff()
    {
        var time = FakeTime.FromUtc(2026, 6, 15, 9, 0);
        using var cancel = new CancellationTokenSource();
        var delay = Task.Delay(TimeSpan.FromMinutes(1), time, cancel.Token);
        var pending = time.PendingTimers;

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => delay);

        Assert.Equal((1, 0), (pending, time.PendingTimers));
    }

    // A background loop shaped like IncidentKit's worker: a round, then a delay on the host's TimeProvider.
    private sealed class Loop(FakeTime time, bool slowRound) : BackgroundService
    {
        private int _rounds;

        public int Rounds => Volatile.Read(ref _rounds);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
                    if (slowRound)
                    {
                        // Stands for a round's I/O: real work on another thread that takes a while.
                        await Task.Run(() => Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None), CancellationToken.None);
                    }

                    Interlocked.Increment(ref _rounds);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
