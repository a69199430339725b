using System.Collections.Concurrent;
using System.Net;

namespace IncidentKit.Notifications.Tests.Support;

/// <summary>A real HTTP server on 127.0.0.1 that records each request before answering it with a scripted status.</summary>
internal sealed class LocalHttpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _processed = new(StringComparer.Ordinal);
    private int _count;

    internal LocalHttpReceiver()
    {
        for (var attempt = 1; ; attempt++)
        {
            var listener = new HttpListener();
            var port = LocalPorts.Free();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                Url = new Uri($"http://127.0.0.1:{port}/hooks/incidents");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    internal Uri Url { get; }

    /// <summary>Gets or sets the status to answer the n-th request (from 1) with.</summary>
    internal Func<int, HttpStatusCode> StatusFor { get; set; } = _ => HttpStatusCode.OK;

    internal IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>Gets how many distinct idempotency keys were accepted: what a receiver that drops repeated keys processes.</summary>
    internal int ProcessedCount => _processed.Count;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        // The managed HttpListener on Linux does not always fault a pending GetContextAsync (or a body read a client
        // abandoned) when it closes, so the loop is given a bounded time and then left behind; the test is over.
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
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
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body).ConfigureAwait(false);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
            var status = StatusFor(Interlocked.Increment(ref _count));
            _requests.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, headers, body.ToArray(), status));
            if ((int)status is >= 200 and < 300 && headers.TryGetValue("Idempotency-Key", out var key) && key is not null)
            {
                _processed.AddOrUpdate(key, 1, (_, n) => n + 1);
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}

internal sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string?> Headers, byte[] Body, HttpStatusCode AnsweredWith)
{
    internal string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
