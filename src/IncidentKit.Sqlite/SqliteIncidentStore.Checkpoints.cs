using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

// Checkpoints off the write lock. In WAL mode SQLite copies the log back into the database file (a checkpoint), by default in the
// connection that commits, inside its COMMIT, once the log passes 1 000 pages, so under the write lock. Under an alert storm the
// processing rounds write megabytes a second, and every few hundred milliseconds one commit also copied ~4 MB into the database
// file and flushed it while every receipt waited (a storm run with the writer's automatic checkpoints off held the lock 40 % less
// in its processing transactions). Now a background task runs a PASSIVE checkpoint, which never takes the write lock, on a
// connection of its own after commits, one at a time and at most every CheckpointInterval; the writer still checkpoints itself
// past WriterCheckpointPages (~40 MB of log), a safety net should the background ones fall behind (a reader holding an old
// snapshot stops a passive checkpoint short).
public sealed partial class SqliteIncidentStore
{
    private const int WriterCheckpointPages = 10_000;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(200);

    private long _lastCheckpoint;
    private int _checkpointing;
    private Task _checkpoint = Task.CompletedTask;

    private static string WriterCheckpointPragma => string.Create(CultureInfo.InvariantCulture, $"PRAGMA wal_autocheckpoint = {WriterCheckpointPages};");

    // Call after a commit, while holding the write gate.
    private void CheckpointSoon()
    {
        if (Stopwatch.GetElapsedTime(_lastCheckpoint) < CheckpointInterval || Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0)
        {
            return;
        }

        _lastCheckpoint = Stopwatch.GetTimestamp();
        _checkpoint = Task.Run(Checkpoint);
    }

    private void Checkpoint()
    {
        try
        {
            if (_disposed)
            {
                return;
            }

            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            SqliteSchema.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
        }
        catch (SqliteException)
        {
            // Best effort: the next checkpoint, or the writer's own past WriterCheckpointPages, copies what this one could not.
        }
        finally
        {
            Volatile.Write(ref _checkpointing, 0);
        }
    }

    // Lets a running checkpoint finish before the connections close.
    private void WaitForCheckpoint()
    {
        try
        {
            _checkpoint.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Its failure is of no consequence once the store closes.
        }
    }
}
