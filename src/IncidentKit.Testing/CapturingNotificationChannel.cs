using IncidentKit.Communication;

namespace IncidentKit.Testing;

/// <summary>A notification channel that keeps what it is asked to send, so that a test can assert what went out; it can also be
/// told to fail.</summary>
/// <remarks>
/// <para>Register it under the channel name your communication plans use (<c>email</c> in the default plans), e.g.
/// <c>AddNotifications().AddNotificationChannel(_ =&gt; channel)</c>; <see cref="IncidentKitTestHost"/> does this for you.
/// A bundle (several notifications for one recipient within the bundle window) is one entry in <see cref="Sent"/>;
/// <see cref="Unbundled"/> lists the notifications inside it one by one.</para>
/// <para>By default every send is accepted. <see cref="FailNext(int, DeliveryResult?)"/> fails the next sends (transiently, so
/// the dispatcher retries them), <see cref="Respond"/> answers every send by a rule of the test's own.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class CapturingNotificationChannel : INotificationChannel
{
    private readonly object _gate = new();
    private readonly List<NotificationMessage> _sent = [];
    private readonly List<(Func<NotificationMessage, bool> Match, TaskCompletionSource<NotificationMessage> Done)> _waiters = [];
    private readonly Queue<DeliveryResult> _failures = new();
    private int _attempts;

    /// <summary>Initializes a channel.</summary>
    /// <param name="name">The channel's name, as communication plans and subscriptions use it.</param>
    /// <param name="honoursIdempotencyKeys">Whether the channel claims to drop repeated idempotency keys itself.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    public CapturingNotificationChannel(string name = "email", bool honoursIdempotencyKeys = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        HonoursIdempotencyKeys = honoursIdempotencyKeys;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool HonoursIdempotencyKeys { get; }

    /// <summary>Gets or sets the rule that answers every send not failed by <see cref="FailNext(int, DeliveryResult?)"/>.</summary>
    /// <value>The default value is <see langword="null"/>: every send is delivered.</value>
    public Func<NotificationMessage, DeliveryResult>? Respond { get; set; }

    /// <summary>Gets the messages the channel accepted, oldest first; a bundle is one message.</summary>
    public IReadOnlyList<NotificationMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Gets the notifications the channel accepted, oldest first, each bundle unfolded into the notifications it lists.</summary>
    public IReadOnlyList<NotificationMessage> Unbundled => [.. Sent.SelectMany(m => m.IsBundle ? m.Bundled : [m])];

    /// <summary>Gets how many sends the channel was asked for, failed ones included.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Fails the next sends.</summary>
    /// <param name="count">How many sends fail; positive.</param>
    /// <param name="failure">The answer; <see langword="null"/> takes a transient failure, which the dispatcher retries.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not positive.</exception>
    /// <exception cref="ArgumentException"><paramref name="failure"/> is a delivery.</exception>
    public void FailNext(int count, DeliveryResult? failure = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(count, 0);
        var answer = failure ?? DeliveryResult.Transient("failed by the test");
        if (answer.IsDelivered)
        {
            throw new ArgumentException("Give a failure, not a delivery.", nameof(failure));
        }

        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _failures.Enqueue(answer);
            }
        }
    }

    /// <summary>Forgets the messages sent so far and any failures still queued.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _sent.Clear();
            _failures.Clear();
        }
    }

    /// <summary>Waits until the channel has accepted a message that matches, and returns it; one sent already counts.</summary>
    /// <param name="match">The condition, e.g. <c>m =&gt; m.EventKind == "escalated"</c>.</param>
    /// <param name="cancellationToken">The token to stop waiting; give the test's own, or a timeout, as a hang guard.</param>
    /// <returns>The first matching message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled first.</exception>
    public Task<NotificationMessage> WaitForAsync(Func<NotificationMessage, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var done = new TaskCompletionSource<NotificationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_sent.Find(m => match(m)) is { } already)
            {
                return Task.FromResult(already);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Records the message, or fails as told.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">The token to stop.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _attempts);
        List<TaskCompletionSource<NotificationMessage>> done;
        DeliveryResult answer;
        lock (_gate)
        {
            if (_failures.TryDequeue(out var failure))
            {
                return ValueTask.FromResult(failure);
            }

            answer = Respond?.Invoke(message) ?? DeliveryResult.Delivered();
            if (!answer.IsDelivered)
            {
                return ValueTask.FromResult(answer);
            }

            _sent.Add(message);
            done = [.. _waiters.Where(w => w.Match(message)).Select(w => w.Done)];
            _waiters.RemoveAll(w => done.Contains(w.Done));
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult(message);
        }

        return ValueTask.FromResult(answer);
    }
}
