using NodaTime;

// Shared source: IncidentKit.Notifications compiles this file too (its dispatcher beats the same way), in its own namespace, so
// that neither package needs the other's internals.
#if INCIDENTKIT_NOTIFICATIONS
namespace IncidentKit.Notifications.Shared;
#else
namespace IncidentKit.Hosting.Worker;
#endif

// Written by the worker after every sweep, read by the health check; tests await the next beat to know a sweep finished and
// the next timer is registered.
internal sealed class WorkerHeartbeat
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Instant? LastBeat { get; private set; }

    public long Count { get; private set; }

    public void Beat(Instant at)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            LastBeat = at;
            Count++;
            done = _next;
            _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        done.SetResult();
    }

    // Completes once the beat count exceeds count.
    public async Task WaitForBeatAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (Count > count)
                {
                    return;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
