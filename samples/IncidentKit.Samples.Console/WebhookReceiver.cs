using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using IncidentKit.Notifications;

namespace IncidentKit.Samples.Console;

/// <summary>A real HTTP endpoint on 127.0.0.1 standing in for a status page: it checks each delivery's HMAC signature.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly string _secret;
    private readonly TextWriter _output;
    private readonly TimeProvider _time;

    public WebhookReceiver(string secret, TextWriter output, TimeProvider time)
    {
        (_secret, _output, _time) = (secret, output, time);
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
            var verified = WebhookSignature.Verify(body.ToArray(), _secret, context.Request.Headers[WebhookSignature.SignatureHeader],
                context.Request.Headers[WebhookSignature.TimestampHeader], _time.GetUtcNow(), TimeSpan.FromMinutes(5));
            var subject = JsonDocument.Parse(body.ToArray()).RootElement.GetProperty("subject").GetString();
            Received++;
            _output.WriteLine($"    ↳ status page received POST {context.Request.Url!.AbsolutePath}: \"{subject}\" (signature {(verified ? "valid" : "INVALID")})");
            context.Response.StatusCode = verified ? 204 : 401;
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
