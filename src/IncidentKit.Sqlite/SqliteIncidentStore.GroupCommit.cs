using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

// Group commit. A durable commit costs one fsync (milliseconds on many disks), so one commit per write would cap the store at a
// few hundred writes per second. Instead every write (append, claim, completion) joins a queue; whoever holds the write gate
// drains the queue and runs the waiting writes in ONE BEGIN IMMEDIATE transaction, each in its own savepoint, then commits
// once. A write that fails rolls back only its savepoint. No write is acknowledged before the commit that holds it is durable;
// if the commit fails, every write in it fails. Writes of one queue run in arrival order and see each other, so version checks
// and claims stay exact.
//
// Two queues, so that the alert intake's processing gives way to the intake itself. Inbox receipts (a sender waits for each,
// 64 at a time under an alert storm) go in an intake queue that every transaction takes first, including receipts that arrive
// while it runs. Every other write takes its turn in arrival order, but a transaction stops taking them once it has held the
// write lock for MaxOtherWritesTime (it always takes at least one): an alert storm's processing rounds queue tens of group-state
// saves, incident appends, claims and completions of a millisecond or more each, and one transaction holding all of them kept
// the lock (and every receipt queued behind it) for 100-400 ms on a loaded machine. Writes still waiting go in the next
// transaction, in their order. Writes in different queues were issued concurrently, so either order is one the callers could
// have seen; a caller that waits for one write before issuing the next still sees them in its order.
public sealed partial class SqliteIncidentStore
{
    private const int MaxWritesPerCommit = 256;

    // How long one transaction keeps taking writes other than receipts (the first is always taken).
    private static readonly TimeSpan MaxOtherWritesTime = TimeSpan.FromMilliseconds(4);

    private readonly ConcurrentQueue<PendingWrite> _pending = new();
    private readonly ConcurrentQueue<PendingWrite> _intake = new();

    private ValueTask<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken) =>
        WriteAsync(write, _pending, cancellationToken);

    // An inbox receipt: taken into the next transaction ahead of every other write.
    private ValueTask<T> WriteIntakeAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken) =>
        WriteAsync(write, _intake, cancellationToken);

    private async ValueTask<T> WriteAsync<T>(Func<SqliteConnection, T> write, ConcurrentQueue<PendingWrite> queue, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(write);
        queue.Enqueue(pending);
        try
        {
            if (_writeGate.Wait(0, CancellationToken.None))
            {
                // Nobody was writing: give writers that start at the same moment the chance to queue up and share this commit.
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
            else if (!await EnterOrSettledAsync(pending.Task, cancellationToken).ConfigureAwait(false))
            {
                // Another writer's transaction ran this write: its outcome is known without taking a turn at the gate.
                return await pending.Task.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Not run yet, or run by another caller's commit: either way the outcome is settled by the first to finish.
            pending.TryCancel(cancellationToken);
            return await pending.Task.ConfigureAwait(false);
        }

        try
        {
            while (!pending.Task.IsCompleted)
            {
                Flush();
            }
        }
        finally
        {
            _writeGate.Release();
        }

        return await pending.Task.ConfigureAwait(false);
    }

    // Waits for the write gate or for the write to be settled by another writer's transaction, whichever comes first; true when
    // the gate was entered. A writer whose write is already committed used to wait for the gate all the same, behind every writer
    // queued before it (each taking its turn through the thread pool), so under load its answer waited for theirs.
    private async Task<bool> EnterOrSettledAsync(Task settled, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var entered = _writeGate.WaitAsync(stop.Token);
        if (await Task.WhenAny(entered, settled).ConfigureAwait(false) == entered)
        {
            await entered.ConfigureAwait(false);
            return true;
        }

        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await entered.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        // Entered just before the wait was cancelled: pass the gate on (every write still queued has a caller waiting for it).
        _writeGate.Release();
        return false;
    }

    // Call only while holding the write gate.
    private void Flush()
    {
        if (!TryTakeNext(takeOther: true, out var first, out var tookOther))
        {
            return;
        }

        SqliteConnection connection;
        try
        {
            connection = Writer();
            _statements!.Begin.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            first.Fail(e);
            return;
        }

        // Writes are taken one at a time while the transaction runs, so receipts that arrive meanwhile still join it.
        var batch = new List<PendingWrite>();
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var write = first; write is not null;)
            {
                batch.Add(write);
                _statements.Savepoint.ExecuteNonQuery();
                try
                {
                    write.Run(connection);
                    _statements.ReleaseSavepoint.ExecuteNonQuery();
                }
                catch (Exception e) when (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
                {
                    // The transaction is intact: undo this write only.
                    _statements.RollbackToSavepoint.ExecuteNonQuery();
                    _statements.ReleaseSavepoint.ExecuteNonQuery();
                    write.Reject(e);
                }

                // At least one other write per transaction, so a steady stream of receipts never starves processing.
                var mayTakeOther = !tookOther || Stopwatch.GetElapsedTime(started) < MaxOtherWritesTime;
                write = null;
                if (batch.Count < MaxWritesPerCommit && TryTakeNext(mayTakeOther, out var next, out var other))
                {
                    write = next;
                    tookOther |= other;
                }
            }

            _statements.Commit.ExecuteNonQuery();
            RecordTransaction(Stopwatch.GetElapsedTime(started), batch.Count, receiptsOnly: !tookOther);
            CheckpointSoon();
        }
        catch (Exception e)
        {
            // The transaction is lost (SQLite rolled it back, or the commit failed): nothing in it is durable.
            RollbackQuietly(connection);
            batch.ForEach(w => w.Fail(e));
            return;
        }

        batch.ForEach(w => w.Publish());
    }

    // The next write to run: a receipt if one waits, else (when allowed) the oldest other write. Cancelled writes are skipped.
    private bool TryTakeNext(bool takeOther, [NotNullWhen(true)] out PendingWrite? write, out bool other)
    {
        while (true)
        {
            other = false;
            if (!_intake.TryDequeue(out write))
            {
                other = true;
                if (!takeOther || !_pending.TryDequeue(out write))
                {
                    return false;
                }
            }

            if (write.TryStart())
            {
                return true;
            }
        }
    }

    private abstract class PendingWrite
    {
        private int _state; // 0 queued, 1 started, 2 cancelled

        public bool TryStart() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        protected bool TryMarkCancelled() => Interlocked.CompareExchange(ref _state, 2, 0) == 0;

        public abstract void Run(SqliteConnection connection);

        public abstract void Reject(Exception error);

        public abstract void Fail(Exception error);

        public abstract void Publish();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, T> write) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _rejection;

        public Task<T> Task => _done.Task;

        public override void Run(SqliteConnection connection) => _result = write(connection);

        // The write's own failure (a conflict, bad input): reported once the batch is settled.
        public override void Reject(Exception error) => _rejection = error;

        public override void Fail(Exception error) => _done.TrySetException(error);

        public override void Publish()
        {
            if (_rejection is not null)
            {
                _done.TrySetException(_rejection);
            }
            else
            {
                _done.TrySetResult(_result!);
            }
        }

        public void TryCancel(CancellationToken cancellationToken)
        {
            if (TryMarkCancelled())
            {
                _done.TrySetCanceled(cancellationToken);
            }
        }
    }
}
