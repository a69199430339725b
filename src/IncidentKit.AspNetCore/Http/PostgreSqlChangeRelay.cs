using System.Text.Json;
using IncidentKit.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IncidentKit.AspNetCore.Http;

// Carries the change stream between nodes that share one PostgreSQL database: the PostgreSQL incident store NOTIFYs every
// append on one channel inside the append's own transaction (PostgreSqlStoreOptions.NotifyChannel, with PayloadOf below), so a
// committed change always reaches the other nodes and a rolled-back one never does, even when the appending node dies right
// after its commit; each node LISTENs and hands the others' changes to its own open streams (IncidentChangeFeed). Payloads are
// tenant-tagged and delivered only to the streams of that tenant, as local changes are.
internal sealed partial class PostgreSqlChangeRelay(NpgsqlDataSource dataSource, IncidentChangeFeed feed, ILogger<PostgreSqlChangeRelay> logger)
    : BackgroundService
{
    internal const string ChannelName = "incidentkit_changes";

    // PostgreSQL refuses payloads of 8000 bytes or more; a change with very many events is relayed without their names.
    private const int MaxPayloadBytes = 7900;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly string _node = Guid.NewGuid().ToString("N");

    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Completes once this node listens (for tests and start-up probes).
    public Task Listening => _listening.Task;

    // The payload the store notifies with, in the append's transaction: this node, the tenant and the stream message.
    public string PayloadOf(IncidentChange change)
    {
        var message = IncidentChangeFeed.MessageOf(change, change.Summary.Version);
        var payload = JsonSerializer.Serialize(new RelayedChange(_node, change.Tenant.Value, message), IncidentKitApiJsonContext.Default.RelayedChange);
        return System.Text.Encoding.UTF8.GetByteCount(payload) < MaxPayloadBytes
            ? payload
            : JsonSerializer.Serialize(new RelayedChange(_node, change.Tenant.Value, message with { Events = [] }), IncidentKitApiJsonContext.Default.RelayedChange);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => ListenAsync(stoppingToken);

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

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Lost the PostgreSQL LISTEN connection for other nodes' incident changes; reconnecting.")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}

/// <summary>A change relayed between nodes: the node that committed it, its tenant and the stream message.</summary>
internal sealed record RelayedChange(string Node, string Tenant, IncidentChangeMessage Change);
