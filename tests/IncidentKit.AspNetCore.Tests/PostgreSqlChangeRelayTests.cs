using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Http;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace IncidentKit.AspNetCore.Tests;

public sealed class PostgreSqlChangeRelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_ChangeCommittedOnAnotherNode_ReachesThisNodesStreamOfThatTenantOnly()
    {
        await using var first = await ApiHost.StartAsync(StoreKind.PostgreSql);
        await using var second = await ApiHost.StartAsync(StoreKind.PostgreSql, sameDatabaseAs: first);
        await second.Services.GetRequiredService<PostgreSqlChangeRelay>().Listening.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        using var watcher = second.Client("a-viewer");
        using var stream = await watcher.GetAsync("/api/incidents/stream", HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(Ct));
        Assert.Equal("event: ready", await ReadEventLineAsync(reader));
        Assert.Equal("data: {}", await ReadEventLineAsync(reader));

        // Both changes are committed on the first node: tenant B's first, so that it would arrive first if it leaked.
        await ApiHost.OpenAsync(first.Client("b-admin"), "tenant B's secret outage");
        var opened = await ApiHost.OpenAsync(first.Client("a-responder"), "Checkout is down");

        Assert.Equal("event: incident", await ReadEventLineAsync(reader));
        var data = await ReadEventLineAsync(reader);
        Assert.StartsWith("data: ", data);
        Assert.Contains(opened, data);
        Assert.DoesNotContain("tenant B", data);
    }

    [Fact]
    public async Task AppendAsync_CommittedStraightThroughTheStore_NotifiesFromInsideItsTransaction()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.PostgreSql);
        await using var listener = await ListenAsync(host);

        // Straight through the store: no host observer runs, so only the store's own transaction can have notified.
        var service = new IncidentService(host.Services.GetRequiredService<IIncidentStore>(), host.Services.GetRequiredService<IClock>());
        var opened = await service.OpenAsync(ApiHost.TenantA, Details("Checkout is down"), new UserId("alice"), cancellationToken: Ct);

        var relayed = await listener.NextAsync();
        Assert.Equal(ApiHost.TenantA.Value, relayed["tenant"]!.GetValue<string>());
        Assert.Equal(opened.Id.ToString(), relayed["change"]!["id"]!.GetValue<string>());
        Assert.Equal(1, relayed["change"]!["version"]!.GetValue<long>());
    }

    [Fact]
    public async Task AppendAsync_RolledBack_NeverNotifies()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.PostgreSql);
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var service = new IncidentService(store, host.Services.GetRequiredService<IClock>());
        var incident = await service.OpenAsync(ApiHost.TenantA, Details("Checkout is down"), new UserId("alice"), cancellationToken: Ct);
        await using var listener = await ListenAsync(host);

        // Two notes whose outbox repeats a stored message id: the batch (notification first) fails and the store rolls it back.
        var now = host.Services.GetRequiredService<IClock>().GetCurrentInstant();
        var stored = Message(incident, now);
        var first = (await service.FindOrNullAsync(ApiHost.TenantA, incident.Id, Ct))!;
        first.AddWorkNote("first", now, new UserId("alice"));
        await store.AppendAsync(IncidentChange.For(first) with { Outbox = [stored] }, Ct);
        Assert.Equal(2, (await listener.NextAsync())["change"]!["version"]!.GetValue<long>());
        var failing = (await service.FindOrNullAsync(ApiHost.TenantA, incident.Id, Ct))!;
        failing.AddWorkNote("rolled back", now, new UserId("alice"));
        failing.AddWorkNote("rolled back too", now, new UserId("alice"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.AppendAsync(IncidentChange.For(failing) with { Outbox = [Message(incident, now), stored] }, Ct).AsTask());

        // Notifications arrive in commit order: had the rolled-back change (version 4) notified, it would come before this one.
        var fresh = (await service.FindOrNullAsync(ApiHost.TenantA, incident.Id, Ct))!;
        fresh.AddWorkNote("committed", now, new UserId("alice"));
        await store.AppendAsync(IncidentChange.For(fresh), Ct);
        var next = await listener.NextAsync();
        Assert.Equal(3, next["change"]!["version"]!.GetValue<long>());
        Assert.Equal(3, (await store.ReadAsync(ApiHost.TenantA, incident.Id, 0, Ct)).Version);
    }

    private static NewIncident Details(string title) => new() { Title = title, Impact = Impact.High, Urgency = Urgency.High };

    private static OutboxMessage Message(Incident incident, Instant at) => new()
    {
        Id = Guid.NewGuid(),
        Tenant = incident.Tenant,
        Incident = incident.Id,
        Kind = "notify.page",
        Payload = "{}",
        IdempotencyKey = $"{incident.Id}:page:{Guid.NewGuid():N}",
        CreatedAt = at,
    };

    private static async Task<Listener> ListenAsync(ApiHost host)
    {
        var connection = new NpgsqlConnection(host.PostgreSqlConnectionString);
        await connection.OpenAsync(Ct);
        var listener = new Listener(connection);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgreSqlChangeRelay.ChannelName};", connection))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        return listener;
    }

    private static async Task<string?> ReadEventLineAsync(StreamReader reader)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string? line;
        do
        {
            line = await reader.ReadLineAsync(timeout.Token);
        }
        while (line is { Length: 0 } || (line is not null && line.StartsWith("id:", StringComparison.Ordinal)));
        return line;
    }

    // A plain LISTEN connection, as another node has: it hears what the database delivers at commit.
    private sealed class Listener : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly Queue<string> _received = new();

        public Listener(NpgsqlConnection connection)
        {
            _connection = connection;
            _connection.Notification += (_, e) => _received.Enqueue(e.Payload);
        }

        public async Task<JsonObject> NextAsync()
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            while (_received.Count == 0)
            {
                await _connection.WaitAsync(timeout.Token);
            }

            return JsonNode.Parse(_received.Dequeue())!.AsObject();
        }

        public ValueTask DisposeAsync() => _connection.DisposeAsync();
    }
}
