using Microsoft.Extensions.Time.Testing;
using NodaTime;
using NodaTime.Extensions;

namespace IncidentKit.Testing;

/// <summary>Fakes time for the domain and the host at once: a <see cref="FakeTimeProvider"/> for the host's timers and an
/// <see cref="IClock"/> over the same instant, the way NodaTime's <c>FakeClock</c> fakes the domain's clock.</summary>
/// <remarks>
/// <para>IncidentKit's domain reads time from an <see cref="IClock"/>; its host (the timer worker, the notification dispatcher)
/// waits on a <see cref="TimeProvider"/>. Register this as the host's <see cref="TimeProvider"/> and give <see cref="Clock"/> to
/// anything that takes an <see cref="IClock"/>: moving one moves both.</para>
/// <para><see cref="AdvanceAsync(Duration, CancellationToken)"/> also waits for the background loops that the move woke up: each
/// loop in IncidentKit's host (worker, dispatcher, on-call refresh) does its round and then waits on a new one-shot timer, so
/// when every one-shot timer that fired has been followed by a new one, the rounds are done. Tests then never race the host.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class FakeTime : FakeTimeProvider
{
    private readonly object _gate = new();
    private readonly List<(long Pending, TaskCompletionSource Done)> _waiters = [];
    private long _armed;
    private long _retired;

    /// <summary>Initializes the fake time at an instant.</summary>
    /// <param name="start">The instant the time starts at.</param>
    public FakeTime(Instant start)
        : base(start.ToDateTimeOffset())
    {
        Clock = this.ToClock();
    }

    /// <summary>Gets an <see cref="IClock"/> that reads this fake time, for the domain.</summary>
    public IClock Clock { get; }

    /// <summary>Gets the current instant.</summary>
    public Instant Now => Instant.FromDateTimeOffset(GetUtcNow());

    /// <summary>Gets or sets how long <see cref="AdvanceAsync(Duration, CancellationToken)"/> waits, in real time, for the loops
    /// it woke up before it gives up; a hang guard, not a timing assertion.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan RoundTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how many one-shot timers are waiting: roughly, how many background loops are between two rounds.</summary>
    public long PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _armed - _retired;
            }
        }
    }

    /// <summary>Returns a fake time starting at the given UTC date and time, like NodaTime's <c>FakeClock.FromUtc</c>.</summary>
    /// <param name="year">The year.</param>
    /// <param name="monthOfYear">The month, 1 to 12.</param>
    /// <param name="dayOfMonth">The day of the month.</param>
    /// <param name="hourOfDay">The hour, 0 to 23.</param>
    /// <param name="minuteOfHour">The minute.</param>
    /// <param name="secondOfMinute">The second.</param>
    /// <returns>The fake time.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public static FakeTime FromUtc(int year, int monthOfYear, int dayOfMonth, int hourOfDay = 0, int minuteOfHour = 0, int secondOfMinute = 0) =>
        new(Instant.FromUtc(year, monthOfYear, dayOfMonth, hourOfDay, minuteOfHour, secondOfMinute));

    /// <summary>Moves time on, firing the timers that fall due, without waiting for what they start.</summary>
    /// <param name="duration">How far to move; not negative.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public void Advance(Duration duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, Duration.Zero);
        Advance(duration.ToTimeSpan());
    }

    /// <summary>Moves time on in one step and waits until every background loop the step woke up has done its round.</summary>
    /// <param name="duration">How far to move; not negative.</param>
    /// <param name="cancellationToken">The token to stop waiting.</param>
    /// <returns>A task that completes when the rounds are done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    /// <exception cref="TimeoutException">A loop did not finish its round within <see cref="RoundTimeout"/>.</exception>
    /// <remarks>A loop wakes once per step, however long the step; to let the worker and the dispatcher take turns (the worker
    /// writes a page, the dispatcher sends it), move in steps with <see cref="AdvanceInStepsAsync"/>.</remarks>
    public Task AdvanceAsync(Duration duration, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, Duration.Zero);
        long pending;
        lock (_gate)
        {
            pending = _armed - _retired;
        }

        Advance(duration.ToTimeSpan());
        // Every one-shot timer that fired belongs to a loop that arms a new one once its round is done.
        return WaitForPendingAsync(pending, cancellationToken);
    }

    /// <summary>Moves time on in steps, waiting at each step for the background loops it woke up.</summary>
    /// <param name="duration">How far to move in all; not negative.</param>
    /// <param name="step">How far to move at a time; positive.</param>
    /// <param name="cancellationToken">The token to stop waiting.</param>
    /// <returns>A task that completes when the last step's rounds are done.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative or <paramref name="step"/> is not positive.</exception>
    /// <exception cref="TimeoutException">A loop did not finish its round within <see cref="RoundTimeout"/>.</exception>
    public async Task AdvanceInStepsAsync(Duration duration, Duration step, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, Duration.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, Duration.Zero);
        for (var moved = Duration.Zero; moved < duration; moved += step)
        {
            await AdvanceAsync(Duration.Min(step, duration - moved), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    /// <remarks>One-shot timers (a <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>) are counted, so that
    /// <see cref="AdvanceAsync(Duration, CancellationToken)"/> knows when the loops waiting on them have come round.</remarks>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (period != Timeout.InfiniteTimeSpan || dueTime == Timeout.InfiniteTimeSpan)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new CountedTimer(this);
        timer.Inner = base.CreateTimer(static s =>
        {
            var (counted, callback, state) = ((CountedTimer, TimerCallback, object?))s!;
            counted.Retire();
            callback(state);
        }, (timer, callback, state), dueTime, period);
        Armed();
        return timer;
    }

    private void Armed()
    {
        List<TaskCompletionSource> done;
        lock (_gate)
        {
            _armed++;
            var pending = _armed - _retired;
            done = [.. _waiters.Where(w => w.Pending <= pending).Select(w => w.Done)];
            _waiters.RemoveAll(w => w.Pending <= pending);
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult();
        }
    }

    private void Retired()
    {
        lock (_gate)
        {
            _retired++;
        }
    }

    private async Task WaitForPendingAsync(long pending, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_armed - _retired >= pending)
            {
                return;
            }

            _waiters.Add((pending, done));
        }

        try
        {
            await done.Task.WaitAsync(RoundTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            throw new TimeoutException(
                $"The background loops woken at {Now} did not come round within {RoundTimeout} of real time: {pending} waiting timers " +
                "were expected. A loop is stuck, or a background service waits on something other than a timer.");
        }
    }

    // A one-shot timer counted as pending from creation until it fires or is disposed, whichever comes first.
    private sealed class CountedTimer(FakeTime owner) : ITimer
    {
        private int _retired;

        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(dueTime, period);

        public void Dispose()
        {
            Retire();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Retire();
            return Inner.DisposeAsync();
        }

        public void Retire()
        {
            if (Interlocked.Exchange(ref _retired, 1) == 0)
            {
                owner.Retired();
            }
        }
    }
}
