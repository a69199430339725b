using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

// Group commit. A durable commit costs one fsync (milliseconds on many disks), so one commit per write would cap the store at a
// few hundred writes per second. Instead every write (append, claim, completion) joins a queue; whoever holds the write gate
// drains the queue and runs all waiting writes in ONE BEGIN IMMEDIATE transaction, each in its own savepoint, then commits
// once. A write that fails rolls back only its savepoint. No write is acknowledged before the commit that holds it is durable;
// if the commit fails, every write in it fails. Writes within one transaction run in arrival order and see each other, so
// version checks and claims stay exact.
public sealed partial class SqliteIncidentStore
{
    private const int MaxWritesPerCommit = 256;

    private readonly ConcurrentQueue<PendingWrite> _pending = new();

    private async ValueTask<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var pending = new PendingWrite<T>(write);
        _pending.Enqueue(pending);
        try
        {
            var entered = _writeGate.WaitAsync(cancellationToken);
            if (entered.IsCompletedSuccessfully)
            {
                // Nobody was writing: give writers that start at the same moment the chance to queue up and share this commit.
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }
            else
            {
                await entered.ConfigureAwait(false);
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

    // Call only while holding the write gate.
    private void Flush()
    {
        var batch = new List<PendingWrite>();
        while (batch.Count < MaxWritesPerCommit && _pending.TryDequeue(out var next))
        {
            if (next.TryStart())
            {
                batch.Add(next);
            }
        }

        if (batch.Count == 0)
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
            batch.ForEach(w => w.Fail(e));
            return;
        }

        try
        {
            foreach (var write in batch)
            {
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
            }

            _statements.Commit.ExecuteNonQuery();
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
