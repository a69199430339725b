using System.Collections.Concurrent;
using IncidentKit.Alerts;
using Npgsql;

namespace IncidentKit.PostgreSql;

// Group commit of the alert inbox. Each receipt alone is a round trip and a commit (a WAL flush) of its own, which held an alert
// storm to a few hundred alerts a second. Instead receipts join a queue; one drain at a time takes everything queued (up to
// MaxReceiptsPerCommit) and writes it in ONE transaction: one batch of upserts in one round trip, then one commit. No receipt is
// answered before the commit that holds it returned, so every acknowledged alert is durable. If the transaction fails, nothing
// of it was written and each of its receipts is tried again alone, so one bad alert fails only its own request; a receipt
// tried again after a commit whose outcome was lost counts as a repeat of itself (occurrences + 1), never as a lost alert.
public sealed partial class PostgreSqlIncidentStore
{
    private const int MaxReceiptsPerCommit = 256;

    private readonly ConcurrentQueue<PendingReceipt> _receipts = new();
    private int _flushingReceipts; // 1 while a drain runs

    private async ValueTask<AlertReceipt> ReceiveGroupedAsync(AlertReceived received, string alert, CancellationToken cancellationToken)
    {
        var pending = new PendingReceipt(received, alert);
        _receipts.Enqueue(pending);
        StartDrainingReceipts();
        try
        {
            return await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not written yet (then it never will be), or being written in a commit: the first to settle it decides.
            pending.TryCancel(cancellationToken);
            return await pending.Task.ConfigureAwait(false);
        }
    }

    // One drain at a time, on the thread pool; it runs until the queue is empty, and whoever enqueues after it stopped starts
    // the next, so no receipt waits without a drain to take it.
    private void StartDrainingReceipts()
    {
        if (Interlocked.CompareExchange(ref _flushingReceipts, 1, 0) == 0)
        {
            _ = Task.Run(DrainReceiptsAsync);
        }
    }

    private async Task DrainReceiptsAsync()
    {
        while (true)
        {
            while (!_receipts.IsEmpty)
            {
                await FlushReceiptsAsync().ConfigureAwait(false);
            }

            Volatile.Write(ref _flushingReceipts, 0);
            if (_receipts.IsEmpty || Interlocked.CompareExchange(ref _flushingReceipts, 1, 0) != 0)
            {
                return;
            }
        }
    }

    // Called by the one drain only. Not cancellable: the receipts taken belong to many callers.
    private async Task FlushReceiptsAsync()
    {
        var batch = new List<PendingReceipt>();
        while (batch.Count < MaxReceiptsPerCommit && _receipts.TryDequeue(out var next))
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

        List<AlertReceipt> written;
        try
        {
            written = await WriteReceiptsAsync(batch).ConfigureAwait(false);
        }
        catch (Exception) when (batch.Count > 1)
        {
            // The whole transaction is gone: write each alone, so only a receipt that fails by itself reports a failure.
            foreach (var receipt in batch)
            {
                try
                {
                    receipt.Complete((await WriteReceiptsAsync([receipt]).ConfigureAwait(false))[0]);
                }
#pragma warning disable CA1031 // The failure belongs to that receipt's caller, who gets it.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    receipt.Fail(e);
                }
            }

            return;
        }
#pragma warning disable CA1031 // The failure belongs to that receipt's caller, who gets it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            batch[0].Fail(e);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Complete(written[i]);
        }
    }

    private async Task<List<AlertReceipt>> WriteReceiptsAsync(IReadOnlyList<PendingReceipt> receipts)
    {
        var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var batch = new NpgsqlBatch(connection, transaction);
                await using (batch.ConfigureAwait(false))
                {
                    foreach (var receipt in receipts)
                    {
                        var upsert = new NpgsqlBatchCommand($"""
                            INSERT INTO {_schema}.alert_inbox AS i (id, tenant, dedup_key, alert, received_ticks, occurrences, last_seen_ticks)
                            VALUES ($1, $2, $3, $4::jsonb, $5, 1, $5)
                            ON CONFLICT (tenant, dedup_key) DO UPDATE SET occurrences = i.occurrences + 1, last_seen_ticks = greatest(i.last_seen_ticks, excluded.last_seen_ticks)
                            RETURNING id, occurrences;
                            """);
                        upsert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = receipt.Received.Id });
                        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = receipt.Received.Tenant.Value });
                        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = receipt.Received.DedupKey });
                        upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = receipt.Alert });
                        upsert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = receipt.Received.ReceivedAt.ToUnixTimeTicks() });
                        batch.BatchCommands.Add(upsert);
                    }

                    var written = new List<AlertReceipt>(receipts.Count);
                    var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        do
                        {
                            await reader.ReadAsync().ConfigureAwait(false);
                            var occurrences = reader.GetInt64(1);
                            written.Add(new AlertReceipt(reader.GetGuid(0), occurrences == 1, occurrences));
                        }
                        while (await reader.NextResultAsync().ConfigureAwait(false));
                    }

                    // Answered only after this returns: the commit is durable (synchronous_commit as the server sets it).
                    await transaction.CommitAsync().ConfigureAwait(false);
                    return written;
                }
            }
        }
    }

    private sealed class PendingReceipt(AlertReceived received, string alert)
    {
        private readonly TaskCompletionSource<AlertReceipt> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state; // 0 queued, 1 started, 2 cancelled

        public AlertReceived Received => received;

        public string Alert => alert;

        public Task<AlertReceipt> Task => _done.Task;

        public bool TryStart() => Interlocked.CompareExchange(ref _state, 1, 0) == 0;

        public void TryCancel(CancellationToken cancellationToken)
        {
            if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
            {
                _done.TrySetCanceled(cancellationToken);
            }
        }

        public void Complete(AlertReceipt receipt) => _done.TrySetResult(receipt);

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
