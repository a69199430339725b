using System.Collections.Concurrent;
using Npgsql;

namespace IncidentKit.PostgreSql;

// Group commit of the hot writes: appends (PostgreSqlIncidentStore.Append.cs), the alert inbox's receipts and its completions
// (PostgreSqlIncidentStore.Alerts.cs). Each is one statement that answers with a result set (a row when an append's stream moved,
// the receipt's id and occurrences, the records completed); statements waiting at the same time are sent together as ONE batch in
// one round trip and committed as ONE transaction (the batch's implicit transaction), then each caller is answered.
// Why one commit for many: each commit is a WAL flush, and a transaction that NOTIFYs takes PostgreSQL's global notification lock
// at commit and holds it through its flush, so notifying appends committed one by one were serialised behind each other's flushes
// (measured: backends waiting on Lock:object); an alert storm committed each receipt and each completion on its own, and those
// flushes were most of the database's waits (sampled pg_stat_activity: WALWrite, WALSync). Why one mechanism for all of them: the
// batching, the failure handling and the lock order are the same; a receipt's commit waits for the WAL flush that light writes
// ahead of it in the log need anyway, so sharing their commit saves a flush; and a receipt's answer needs one round trip (the
// batch, committed at its end) instead of a batch and a separate COMMIT.
// Per caller: each statement checks its own condition (an append its expected version, a completion its lease), so a caller whose
// stream moved on gets its own conflict and the others are unaffected. If the transaction fails, nothing of it was written and each
// of its statements is written again alone, so one failing statement (a repeated event id, an alert PostgreSQL refuses, a deadlock
// victim) fails only its own caller; a receipt written again after a commit whose outcome was lost counts as a repeat of itself
// (occurrences + 1), never as a lost alert. No caller is answered before the commit holding its statement returned, so an answered
// write is durable (as the server's synchronous_commit says). A few groups may be in flight at once, so that the database's CPUs
// are used while one group waits for its flush; rows are locked in one order (table, tenant, key) in every group, so two groups
// touching the same rows wait for each other instead of deadlocking.
// Receipts first, and no group heavier than a budget: a receipt's caller (an HTTP 202) waits for its whole group, and a processing
// round queues a burst of heavy statements at once (a completion of a hundred records per alert group, an append of a hundred
// links per incident). Taken first-come, a receipt behind that burst waited for a batch of hundreds of rows; so receipts wait in a
// queue of their own that a group empties first, and a group takes no more statements once the rows they write reach the
// budget (a heavy statement then goes first in a group of its own, or with light ones); a statement heavier than a few rows never
// shares a group with receipts at all, whichever came first. A group that left other writes waiting makes the next one start with
// them, so a steady stream of receipts never starves the processing (and with it the inbox).
public sealed partial class PostgreSqlIncidentStore
{
    private const int MaxStatementsPerCommit = 128;

    // The most rows a group's statements write (a statement heavier than that goes alone).
    private const int MaxRowsPerCommit = 128;

    // The most rows a statement writes and still shares a group with receipts.
    private const int MaxRowsBesideReceipts = 16;
    private const int MaxGroupsInFlight = 4;

    // The order of the tables whose rows a group's statements lock first.
    private const int StreamsTable = 0;
    private const int InboxTable = 1;

    private static readonly Func<NpgsqlDataReader, Task<bool>> ReadAnyRow = reader => reader.ReadAsync();

    private readonly ConcurrentQueue<PendingWrite> _receipts = new();
    private readonly ConcurrentQueue<PendingWrite> _writes = new();
    private int _drains; // drains running, at most MaxGroupsInFlight
    private int _writesFirst; // 1 when the last group left other writes waiting: the next group starts with them

    // Waits for the statement's commit and returns what its result set said.
    private async ValueTask<T> WriteGroupedAsync<T>(PendingWrite<T> write, CancellationToken cancellationToken)
    {
        (write.IsReceipt ? _receipts : _writes).Enqueue(write);
        StartDraining();
        try
        {
            return await write.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not written yet (then it never will be), or being written in a commit: the first to settle it decides.
            write.TryCancel(cancellationToken);
            return await write.Task.ConfigureAwait(false);
        }
    }

    private void StartDraining()
    {
        while (true)
        {
            var running = Volatile.Read(ref _drains);
            if (running >= MaxGroupsInFlight)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _drains, running + 1, running) == running)
            {
                // Not under the caller's execution context: the drain serves many callers (and carries none's trace).
                if (ExecutionContext.IsFlowSuppressed())
                {
                    _ = Task.Run(DrainAsync);
                }
                else
                {
                    using (ExecutionContext.SuppressFlow())
                    {
                        _ = Task.Run(DrainAsync);
                    }
                }

                return;
            }
        }
    }

    // Runs until the queue is empty; whoever enqueues after the last drain stopped starts the next, so no write waits alone.
    private async Task DrainAsync()
    {
        while (true)
        {
            while (!_receipts.IsEmpty || !_writes.IsEmpty)
            {
                await FlushAsync().ConfigureAwait(false);
            }

            Interlocked.Decrement(ref _drains);
            if (_receipts.IsEmpty && _writes.IsEmpty)
            {
                return;
            }

            var running = Volatile.Read(ref _drains);
            if (running >= MaxGroupsInFlight || Interlocked.CompareExchange(ref _drains, running + 1, running) != running)
            {
                return;
            }
        }
    }

    // Not cancellable: the statements taken belong to many callers.
    private async Task FlushAsync()
    {
        var group = new List<PendingWrite>();
        if (Interlocked.Exchange(ref _writesFirst, 0) == 1)
        {
            var rows = Take(_writes, group, 0, int.MaxValue);
            if (group.TrueForAll(static w => w.Rows <= MaxRowsBesideReceipts))
            {
                Take(_receipts, group, rows, int.MaxValue);
            }
        }
        else
        {
            var rows = Take(_receipts, group, 0, int.MaxValue);
            Take(_writes, group, rows, group.Count == 0 ? int.MaxValue : MaxRowsBesideReceipts);
            if (!_writes.IsEmpty)
            {
                Volatile.Write(ref _writesFirst, 1);
            }
        }

        if (group.Count == 0)
        {
            return;
        }

        try
        {
            await CommitAsync(group).ConfigureAwait(false);
        }
        catch (Exception) when (group.Count > 1)
        {
            // The whole transaction is gone: write each alone, so only a statement that fails by itself reports a failure.
            foreach (var write in group)
            {
                try
                {
                    await CommitAsync([write]).ConfigureAwait(false);
                    write.Complete();
                }
#pragma warning disable CA1031 // The failure belongs to that statement's caller, who gets it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    write.Fail(e);
                }
            }

            return;
        }
#pragma warning disable CA1031 // The failure belongs to that statement's caller, who gets it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            group[0].Fail(e);
            return;
        }

        foreach (var write in group)
        {
            write.Complete();
        }
    }

    // Moves statements from the queue into the group while it has room and the next writes at most maxRowsEach rows (another drain
    // may take the one looked at first, so a group may end up one statement over the budget); returns the rows the group writes.
    private static int Take(ConcurrentQueue<PendingWrite> queue, List<PendingWrite> group, int rows, int maxRowsEach)
    {
        while (group.Count < MaxStatementsPerCommit && queue.TryPeek(out var next)
               && (group.Count == 0 || (rows + next.Rows <= MaxRowsPerCommit && next.Rows <= maxRowsEach)))
        {
            if (queue.TryDequeue(out next) && next.TryStart())
            {
                group.Add(next);
                rows += next.Rows;
            }
        }

        return rows;
    }

    // One batch, one round trip, one implicit transaction committed at its end: every statement or none. Each write reads its own
    // result set; the callers are answered by FlushAsync only after the reader reached the end, so after the commit.
    private async Task CommitAsync(IReadOnlyList<PendingWrite> group)
    {
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var order = new PendingWrite[group.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = group[i];
            }

            Array.Sort(order, static (a, b) => a.CompareTo(b));
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                foreach (var write in order)
                {
                    batch.BatchCommands.Add(write.Build());
                }

                await batch.PrepareAsync().ConfigureAwait(false);
                var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    // Every statement ends in a SELECT or RETURNING, so each has a result set of its own, in batch order.
                    var k = 0;
                    do
                    {
                        await order[k++].ReadAsync(reader).ConfigureAwait(false);
                    }
                    while (await reader.NextResultAsync().ConfigureAwait(false));
                }
            }
        }
    }

    // One statement waiting for a group, ordered by the row it locks first: (table, tenant, key). A receipt is a statement that
    // locks a row of the inbox by its key (tenant, dedup key); Rows is how many rows the statement writes, about.
    private abstract class PendingWrite(int table, string tenant, Guid id, string? key, int rows)
    {
        private int _state; // 0 queued, 1 started, 2 cancelled

        public bool IsReceipt => table == InboxTable && key is not null;

        public int Rows => rows;

        public abstract NpgsqlBatchCommand Build();

        // Reads this statement's result set; the caller is not answered yet (the transaction has not committed).
        public abstract Task ReadAsync(NpgsqlDataReader reader);

        // Answers the caller with what ReadAsync read: the transaction has committed.
        public abstract void Complete();

        public abstract void Fail(Exception error);

        public bool TryStart() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public int CompareTo(PendingWrite other)
        {
            var order = table.CompareTo(other.Table);
            order = order != 0 ? order : string.CompareOrdinal(tenant, other.Tenant);
            order = order != 0 ? order : string.CompareOrdinal(key, other.Key);
            return order != 0 ? order : id.CompareTo(other.Id);
        }

        protected bool TryCancel() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

        private int Table => table;

        private string Tenant => tenant;

        private string? Key => key;

        private Guid Id => id;
    }

    // A statement built with fresh parameters each time it is written (a statement written again alone after its group failed gets
    // its own), and the reader of its result.
    private sealed class PendingWrite<T>(int table, string tenant, Guid id, string? key, int rows, Func<NpgsqlBatchCommand> build, Func<NpgsqlDataReader, Task<T>> read)
        : PendingWrite(table, tenant, id, key, rows)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override NpgsqlBatchCommand Build() => build();

        public override async Task ReadAsync(NpgsqlDataReader reader) => _result = await read(reader).ConfigureAwait(false);

        public override void Complete() => _done.TrySetResult(_result!);

        public override void Fail(Exception error) => _done.TrySetException(error);

        public void TryCancel(CancellationToken cancellationToken)
        {
            if (TryCancel())
            {
                _done.TrySetCanceled(cancellationToken);
            }
        }
    }
}
