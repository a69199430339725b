using System.Net;
using System.Text;
using System.Text.Json;
using IncidentKit.Hosting.Worker;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Notifications;
using IncidentKit.Notifications.Tests.Support;
using IncidentKit.Prioritization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.MajorIncidents;

// The webhook adapter against a real HTTP listener on 127.0.0.1: the bridge service answers 503 first, then opens the room.
public sealed class WarRoomWebhookTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Worker_WebhookFailsThenSucceeds_RecordsTheFailureRetriesWithTheSameKeyAndRecordsTheRoom()
    {
        await using var bridge = new WarRoomBridge(first: HttpStatusCode.ServiceUnavailable);
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = WorkerHarness.Build(time, o => o.MajorIncidents = new MajorIncidentPolicyBuilder().RetryFailedSteps(Duration.FromSeconds(10), Duration.FromMinutes(1)).Build(),
            b => b.UseWarRoomWebhook(bridge.Url));
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        var service = host.Services.GetRequiredService<IncidentService>();
        var opened = await service.OpenAsync(TenantId.Default, new NewIncident { Title = "Payments fail", Impact = Impact.High, Urgency = Urgency.High }, new UserId("alice"), cancellationToken: Token);

        for (var i = 0; i < 6; i++)
        {
            var beats = heartbeat.Count;
            time.Advance(TimeSpan.FromSeconds(5));
            await heartbeat.WaitForBeatAsync(beats, Token).WaitAsync(TimeSpan.FromSeconds(30), Token);
        }

        var incident = (await service.FindOrNullAsync(TenantId.Default, opened.Id, Token))!;
        var failed = Assert.Single(incident.Events.OfType<MajorIncidentStepFailed>());
        Assert.Equal((MajorIncidentStep.OpenWarRoom, 1), (failed.Step, failed.Attempt));
        Assert.Contains("HTTP 503", failed.Reason, StringComparison.Ordinal);
        var room = incident.Events.OfType<MajorIncidentStepCompleted>().Single(c => c.Step == MajorIncidentStep.OpenWarRoom);
        Assert.Equal((2, new Uri("https://chat.example.com/inc-payments")), (room.Attempt, room.Link));
        Assert.True(room.At >= failed.RetryAt);

        var requests = bridge.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(requests[0].Key, requests[1].Key);
        Assert.EndsWith("/war-room", requests[0].Key, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(requests[1].Body);
        Assert.Equal(("Payments fail", "P1", 2), (body.RootElement.GetProperty("title").GetString(), body.RootElement.GetProperty("priority").GetString(), body.RootElement.GetProperty("attempt").GetInt32()));
        await host.StopAsync(Token);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "not json", "expected JSON")]
    [InlineData(HttpStatusCode.OK, "{\"name\":\"x\"}", "lacks a name or an absolute link")]
    [InlineData(HttpStatusCode.Forbidden, "", "HTTP 403")]
    public async Task OpenAsync_BadAnswer_ThrowsWarRoomExceptionSayingWhy(HttpStatusCode status, string answer, string expected)
    {
        await using var bridge = new WarRoomBridge(first: status, firstBody: answer);
        using var http = new HttpClient();
        var provider = new WebhookWarRoomProvider(http, bridge.Url);

        var ex = await Assert.ThrowsAsync<WarRoomException>(() => provider.OpenAsync(
            new WarRoomRequest(TenantId.Default, IncidentId.New(), "t", Priority.P1, "r", "k", 1), Token).AsTask());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NobodyListening_ThrowsWarRoomException()
    {
        using var http = new HttpClient();
        var provider = new WebhookWarRoomProvider(http, new Uri($"http://127.0.0.1:{LocalPorts.Free()}/rooms"));

        var ex = await Assert.ThrowsAsync<WarRoomException>(() => provider.OpenAsync(
            new WarRoomRequest(TenantId.Default, IncidentId.New(), "t", Priority.P1, "r", "k", 1), Token).AsTask());

        Assert.Contains("could not be reached", ex.Message, StringComparison.Ordinal);
    }

    // A bridge service: answers the first request as told, every later one with a room.
    private sealed class WarRoomBridge : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private readonly List<(string Key, byte[] Body)> _requests = [];
        private readonly HttpStatusCode _first;
        private readonly string _firstBody;

        public WarRoomBridge(HttpStatusCode first, string firstBody = "")
        {
            _first = first;
            _firstBody = firstBody;
            var port = LocalPorts.Free();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            Url = new Uri($"http://127.0.0.1:{port}/rooms");
            _loop = Task.Run(LoopAsync);
        }

        public Uri Url { get; }

        public IReadOnlyList<(string Key, byte[] Body)> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            // Closing the managed HttpListener does not always end a pending GetContextAsync on Linux: bound the wait.
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
            }
        }

        private async Task LoopAsync()
        {
            while (true)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                int count;
                lock (_requests)
                {
                    _requests.Add((context.Request.Headers["Idempotency-Key"] ?? string.Empty, body.ToArray()));
                    count = _requests.Count;
                }

                var (status, answer) = count == 1 ? (_first, _firstBody) : (HttpStatusCode.OK, "{\"name\":\"#inc-payments\",\"link\":\"https://chat.example.com/inc-payments\"}");
                context.Response.StatusCode = (int)status;
                var bytes = Encoding.UTF8.GetBytes(answer);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }
    }
}
