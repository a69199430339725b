using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.Communication;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace IncidentKit.Notifications;

/// <summary>Sends notifications as plain-text e-mail over SMTP with MailKit.</summary>
/// <remarks>
/// <para>One connection per message: simple and robust for incident volumes (tens per minute, bundled). The mail carries the
/// subject, the body and the link; P1 and P2 mails are marked urgent / high priority. Its <c>Message-ID</c> derives from the
/// idempotency key, and the key is also in an <c>X-IncidentKit-Idempotency-Key</c> header, but SMTP gives no guarantee that
/// repeats are dropped, so <see cref="HonoursIdempotencyKeys"/> is <see langword="false"/>.</para>
/// <para>Recipients without an address (<see cref="SmtpEmailChannelOptions.ResolveAddress"/> returns null) make the send fail
/// permanently when none is left. SMTP 5xx replies are permanent (unknown mailbox, relay denied); 4xx replies, timeouts,
/// connection and TLS failures, and failed authentication are transient, so mail waits while the server or its credentials are fixed.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class SmtpEmailChannel : INotificationChannel
{
    private readonly SmtpEmailChannelOptions _options;
    private readonly MailboxAddress _from;
    private readonly string _host;

    /// <summary>Initializes the channel.</summary>
    /// <param name="options">The server, security, credentials and sender.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    public SmtpEmailChannel(SmtpEmailChannelOptions options)
    {
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("SMTP e-mail channel options", problems);
        }

        _options = options;
        _from = new MailboxAddress(options.FromName, options.FromAddress!);
        _host = options.Host!;
        Name = options.Name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool HonoursIdempotencyKeys => false;

    /// <inheritdoc/>
    public async ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        var to = new List<MailboxAddress>();
        var missing = new List<string>();
        foreach (var recipient in message.Recipients)
        {
            if (_options.ResolveAddress(recipient) is { } address && MailboxAddress.TryParse(address, out var mailbox))
            {
                to.Add(mailbox);
            }
            else
            {
                missing.Add(recipient.ToString());
            }
        }

        if (to.Count == 0)
        {
            return DeliveryResult.Permanent(missing.Count == 0
                ? "The message has no recipients; e-mail needs at least one."
                : $"No e-mail address for {string.Join(", ", missing)}.");
        }

        using var mail = Compose(message, to);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_host, _options.Port, SecureSocket(_options.Security), cancellationToken).ConfigureAwait(false);
            if (_options.UserName is not null)
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            var reply = await client.SendAsync(mail, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return DeliveryResult.Delivered(reply);
        }
        catch (SmtpCommandException ex)
        {
            var text = $"SMTP {(int)ex.StatusCode} {ex.Message}";
            return (int)ex.StatusCode >= 500 ? DeliveryResult.Permanent(text) : DeliveryResult.Transient(text);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or AuthenticationException or SslHandshakeException or ServiceNotConnectedException
                                       or IOException or SocketException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return DeliveryResult.Transient($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    internal MimeMessage Compose(NotificationMessage message, IEnumerable<MailboxAddress> to)
    {
        var mail = new MimeMessage();
        mail.From.Add(_from);
        mail.To.AddRange(to);
        mail.Subject = message.Subject;
        mail.MessageId = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.IdempotencyKey)))[..32]}@incidentkit";
        mail.Headers.Add("X-IncidentKit-Idempotency-Key", message.IdempotencyKey);
        if (message.Incident is { } incident)
        {
            mail.Headers.Add("X-IncidentKit-Incident", incident.ToString());
        }

        mail.Priority = message.Priority.Level switch
        {
            1 => MessagePriority.Urgent,
            2 => MessagePriority.Urgent,
            _ => MessagePriority.Normal,
        };
        mail.Importance = message.Priority.Level <= 2 ? MessageImportance.High : MessageImportance.Normal;
        var body = message.Link is null || message.IsBundle || message.Body.Contains(message.Link.ToString(), StringComparison.Ordinal)
            ? message.Body
            : $"{message.Body}\n\n{message.Link}";
        mail.Body = new TextPart(MimeKit.Text.TextFormat.Plain) { Text = body };
        return mail;
    }

    private static SecureSocketOptions SecureSocket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
