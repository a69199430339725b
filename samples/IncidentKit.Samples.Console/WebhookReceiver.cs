using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IncidentKit.Notifications;

namespace IncidentKit.Samples.Console;

/// <summary>A real HTTP endpoint on 127.0.0.1 standing in for a status page: it verifies each delivery's HMAC signature and
/// freshness before parsing it, and processes each idempotency key once.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string _secret;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly WebhookReplayGuard _replays;

    public WebhookReceiver(string secret, TextWriter output, TimeProvider time)
    {
        (_secret, _output, _time) = (secret, output, time);
        _replays = new WebhookReplayGuard(Tolerance, time);
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{port}/status-page/hooks");
        _loop = Task.Run(ReceiveAsync);
    }

    public Uri Url { get; }

    public int Received { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
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

            // Verify the raw bytes first (signature, signed timestamp, freshness); only then parse, and drop a replayed key.
            if (!WebhookSignature.Verify(body.ToArray(), _secret, context.Request.Headers[WebhookSignature.SignatureHeader],
                    context.Request.Headers[WebhookSignature.TimestampHeader], _time.GetUtcNow(), Tolerance))
            {
                _output.WriteLine($"    ↳ status page refused POST {context.Request.Url!.AbsolutePath}: signature INVALID or stale");
                context.Response.StatusCode = 401;
                context.Response.Close();
                continue;
            }

            var json = JsonDocument.Parse(body.ToArray()).RootElement;
            if (!_replays.TryAccept(json.GetProperty("idempotencyKey").GetString()!))
            {
                _output.WriteLine($"    ↳ status page ignored a repeat of {json.GetProperty("idempotencyKey").GetString()}");
                context.Response.StatusCode = 204;
                context.Response.Close();
                continue;
            }

            Received++;
            _output.WriteLine($"    ↳ status page received POST {context.Request.Url!.AbsolutePath}: \"{json.GetProperty("subject").GetString()}\" (signature valid)");
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
