using System.Collections.Concurrent;
using Npgsql;

namespace IncidentKit.PostgreSql;

// Group commit of appends and of the alert inbox's completions. Each is one statement that returns a row when it took effect
// (PostgreSqlIncidentStore.Append.cs; CompleteReceivedAsync); statements waiting at the same time are sent together as ONE
// batch in one round trip and committed as ONE transaction (the batch's implicit transaction), then each caller is answered. Why: a transaction that NOTIFYs takes PostgreSQL's global notification lock at commit and holds it through
// its WAL flush, so notifying appends committed one by one are serialised behind each other's flushes (measured: backends
// waiting on Lock:object during the HTTP command phase); grouped, one commit carries many appends and their notifications. It
// also shares one commit record, one flush and one round trip among the group: an alert storm completed each processed inbox
// record in a transaction of its own, and those commits were most of the database's waits (sampled pg_stat_activity).
// Per caller: each statement moves its own stream only at its own expected version, so a caller whose stream moved on gets its
// own conflict (its statement returns no row) and the others are unaffected. If the transaction fails, nothing of it was written
// and each of its appends is written again alone, so one failing append (a repeated event id, say) fails only its own caller.
// No caller is answered before the commit holding its append returned. A few groups may be in flight at once, so that the
// database's CPUs are used while one group waits for its flush.
public sealed partial class PostgreSqlIncidentStore
{
    private const int MaxAppendsPerCommit = 128;
    private const int MaxAppendGroupsInFlight = 4;

    private const int StreamsTable = 0;
    private const int InboxTable = 1;

    private readonly ConcurrentQueue<PendingWrite> _appends = new();
    private int _appendDrains; // drains running, at most MaxAppendGroupsInFlight

    // True when the statement took effect (it returned a row): for an append, the change's stream moved (it is stored); false when
    // the stream was not at the expected version (or the inbox record is no longer held by the lease).
    private async ValueTask<bool> WriteGroupedAsync(PendingWrite append, CancellationToken cancellationToken)
    {
        _appends.Enqueue(append);
        StartDrainingAppends();
        try
        {
            return await append.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not written yet (then it never will be), or being written in a commit: the first to settle it decides.
            append.TryCancel(cancellationToken);
            return await append.Task.ConfigureAwait(false);
        }
    }

    private void StartDrainingAppends()
    {
        while (true)
        {
            var running = Volatile.Read(ref _appendDrains);
            if (running >= MaxAppendGroupsInFlight)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _appendDrains, running + 1, running) == running)
            {
                // Not under the caller's execution context: the drain serves many callers (and carries none's trace).
                if (ExecutionContext.IsFlowSuppressed())
                {
                    _ = Task.Run(DrainAppendsAsync);
                }
                else
                {
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(DrainAppendsAsync);
                    }
                }

                return;
            }
        }
    }

    // Runs until the queue is empty; whoever enqueues after the last drain stopped starts the next, so no append waits alone.
    private async Task DrainAppendsAsync()
    {
        while (true)
        {
            while (!_appends.IsEmpty)
            {
                await FlushAppendsAsync().ConfigureAwait(false);
            }

            Interlocked.Decrement(ref _appendDrains);
            if (_appends.IsEmpty)
            {
                return;
            }

            var running = Volatile.Read(ref _appendDrains);
            if (running >= MaxAppendGroupsInFlight || Interlocked.CompareExchange(ref _appendDrains, running + 1, running) != running)
            {
                return;
            }
        }
    }

    // Not cancellable: the appends taken belong to many callers.
    private async Task FlushAppendsAsync()
    {
        var group = new List<PendingWrite>();
        while (group.Count < MaxAppendsPerCommit && _appends.TryDequeue(out var next))
        {
            if (next.TryStart())
            {
                group.Add(next);
            }
        }

        if (group.Count == 0)
        {
            return;
        }

        bool[] moved;
        try
        {
            moved = await WriteAppendsAsync(group).ConfigureAwait(false);
        }
        catch (Exception) when (group.Count > 1)
        {
            // The whole transaction is gone: write each alone, so only an append that fails by itself reports a failure.
            foreach (var append in group)
            {
                try
                {
                    append.Complete((await WriteAppendsAsync([append]).ConfigureAwait(false))[0]);
                }
#pragma warning disable CA1031 // The failure belongs to that append's caller, who gets it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    append.Fail(e);
                }
            }

            return;
        }
#pragma warning disable CA1031 // The failure belongs to that append's caller, who gets it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            group[0].Fail(e);
            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            group[i].Complete(moved[i]);
        }
    }

    // One batch, one round trip, one implicit transaction committed at its end: every statement or none.
    private async Task<bool[]> WriteAppendsAsync(IReadOnlyList<PendingWrite> group)
    {
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Streams in one order (tenant, incident) in every group, so two groups in flight that touch the same streams wait for
            // each other instead of deadlocking.
            var order = new int[group.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => group[a].CompareTo(group[b]));
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                foreach (var index in order)
                {
                    batch.BatchCommands.Add(group[index].Build());
                }

                await batch.PrepareAsync().ConfigureAwait(false);
                var moved = new bool[group.Count];
                var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // Every statement ends in a SELECT, so each has a result: one row when its stream moved, none when not.
                    var k = 0;
                    do
                    {
                        moved[order[k++]] = await reader.ReadAsync().ConfigureAwait(false);
                    }
                    while (await reader.NextResultAsync().ConfigureAwait(false));
                }

                // Answered only after the reader is consumed to the end: the implicit transaction has committed (durably, as the
                // server's synchronous_commit says).
                return moved;
            }
        }
    }

    // One statement waiting for a group: built (with fresh parameters) each time it is written, and ordered by the row it locks
    // first: (table, tenant, key).
    private sealed class PendingWrite(int table, string tenant, Guid key, Func<NpgsqlBatchCommand> build)
    {
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state; // 0 queued, 1 started, 2 cancelled

        private int Table => table;

        private string Tenant => tenant;

        private Guid Key => key;

        public NpgsqlBatchCommand Build() => build();

        public int CompareTo(PendingWrite other)
        {
            var byTable = Table.CompareTo(other.Table);
            var byTenant = byTable != 0 ? byTable : string.CompareOrdinal(Tenant, other.Tenant);
            return byTenant != 0 ? byTenant : Key.CompareTo(other.Key);
        }

        public Task<bool> Task => _done.Task;

        public bool TryStart() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void TryCancel(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                _done.TrySetCanceled(cancellationToken);
            }
        }

        public void Complete(bool moved) => _done.TrySetResult(moved);

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
