using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using IncidentKit.Notifications.Tests.Support;

namespace IncidentKit.Notifications.Email.Tests.Support;

/// <summary>A real SMTP server on 127.0.0.1 that keeps every message it accepts; mailboxes named "nobody" are refused with 550.</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        services.Add(new DelegatingMailboxFilter((IMailbox to, IMailbox from) =>
            !string.Equals(to.User, "nobody", StringComparison.OrdinalIgnoreCase) && !string.Equals(from.User, "nobody", StringComparison.OrdinalIgnoreCase)));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    internal int Port { get; }

    internal ConcurrentQueue<MimeMessage> Messages { get; } = new();

    internal static async Task<SmtpSink> StartAsync(CancellationToken cancellationToken)
    {
        var sink = new SmtpSink(LocalPorts.Free());
        // The server binds inside StartAsync's first steps; wait until a connection is accepted before handing it out.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await probe.ConnectAsync(IPAddress.Loopback, sink.Port, timeout.Token);
                return sink;
            }
            catch (SocketException) when (attempt < 50)
            {
                await Task.Yield();
                if (sink._running.IsFaulted)
                {
                    await sink._running;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
