using System.Text.Json;
using System.Threading.Channels;
using IncidentKit.Hosting;
using IncidentKit.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IncidentKit.AspNetCore.Http;

// Carries the change stream between nodes that share one PostgreSQL database: each node NOTIFYs the changes it commits on one
// channel and LISTENs for the others', which it hands to its own open streams (IncidentChangeFeed). The notification is sent
// right after the commit, batched; a node that dies between its commit and its NOTIFY leaves the others' dashboards without that
// one message (they read the incident itself when they show it, and catch up on the next change or reload). NOTIFY payloads are
// tenant-tagged and delivered only to the streams of that tenant, as local changes are.
internal sealed partial class PostgreSqlChangeRelay(NpgsqlDataSource dataSource, IncidentChangeFeed feed, ILogger<PostgreSqlChangeRelay> logger)
    : BackgroundService, IIncidentAppendObserver
{
    internal const string ChannelName = "incidentkit_changes";
    private const int MaxBatch = 100;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Channel<RelayedChange> _outgoing = Channel.CreateBounded<RelayedChange>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Completes once this node listens (for tests and start-up probes).
    public Task Listening => _listening.Task;

    public void OnAppended(IncidentChange change, long version) =>
        _outgoing.Writer.TryWrite(new RelayedChange(_node, change.Tenant.Value, IncidentChangeFeed.MessageOf(change, version)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new List<RelayedChange>(MaxBatch);
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                while (batch.Count < MaxBatch && _outgoing.Reader.TryRead(out var change))
                {
                    batch.Add(change);
                }

                try
                {
                    var command = dataSource.CreateBatch();
                    await using (command.ConfigureAwait(false))
                    {
                        foreach (var change in batch)
                        {
                            var notify = new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload);");
                            notify.Parameters.AddWithValue("channel", ChannelName);
                            notify.Parameters.AddWithValue("payload", JsonSerializer.Serialize(change, IncidentKitApiJsonContext.Default.RelayedChange));
                            command.BatchCommands.Add(notify);
                        }

                        await command.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    LogSendFailed(logger, e, batch.Count);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await dataSource.OpenConnectionAsync(stoppingToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += (_, e) => Receive(e.Payload);
                    var listen = new NpgsqlCommand($"LISTEN {ChannelName};", connection);
                    await using (listen.ConfigureAwait(false))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }

                    _listening.TrySetResult();
                    while (true)
                    {
                        await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or System.IO.IOException)
            {
                LogListenFailed(logger, e);
                try
                {
                    await Task.Delay(RetryAfter, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Receive(string payload)
    {
        RelayedChange? change;
        try
        {
            change = JsonSerializer.Deserialize(payload, IncidentKitApiJsonContext.Default.RelayedChange);
        }
        catch (JsonException)
        {
            return;
        }

        // This node's own changes reached its streams already, when they were committed.
        if (change is null || change.Node == _node || string.IsNullOrEmpty(change.Tenant))
        {
            return;
        }

        feed.Publish(new TenantId(change.Tenant), change.Change);
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "Could not relay {Count} incident changes to the other nodes; their streams miss them.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Lost the PostgreSQL LISTEN connection for other nodes' incident changes; reconnecting.")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}

/// <summary>A change relayed between nodes: the node that committed it, its tenant and the stream message.</summary>
internal sealed record RelayedChange(string Node, string Tenant, IncidentChangeMessage Change);
