using IncidentKit.Communication;
using IncidentKit.Notifications.Email.Tests.Support;
using IncidentKit.Prioritization;
using IncidentKit.Notifications.Tests.Support;

namespace IncidentKit.Notifications.Email.Tests;

public sealed class SmtpEmailChannelTests
{
    private static SmtpEmailChannelOptions Options(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Security = SmtpSecurity.None,
        FromAddress = "incidents@example.com",
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task SendAsync_LocalSmtpSink_ReceivesMailWithSubjectBodyLinkAndHeaders()
    {
        await using var sink = await SmtpSink.StartAsync(TestContext.Current.CancellationToken);
        var channel = new SmtpEmailChannel(Options(sink.Port));
        var message = Messages.Create("evt-1/email/address:oncall@example.com", channel: "email", recipient: Recipient.ForAddress("oncall@example.com"));

        var result = await channel.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.True(result.IsDelivered, result.Detail);
        var mail = Assert.Single(sink.Messages);
        Assert.Equal(message.Subject, mail.Subject);
        Assert.Equal("oncall@example.com", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal(("IncidentKit", "incidents@example.com"), (mail.From.Mailboxes.Single().Name, mail.From.Mailboxes.Single().Address));
        Assert.Contains(message.Body, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(message.Link!.ToString(), mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(message.IdempotencyKey, mail.Headers["X-IncidentKit-Idempotency-Key"]);
        Assert.Equal(MimeKit.MessagePriority.Urgent, mail.Priority);
        Assert.EndsWith("@incidentkit", mail.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_UserRecipientWithoutAddress_IsPermanentAndSendsNothing()
    {
        await using var sink = await SmtpSink.StartAsync(TestContext.Current.CancellationToken);
        var channel = new SmtpEmailChannel(Options(sink.Port));

        var result = await channel.SendAsync(Messages.Create("k", channel: "email"), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("user:bob", result.Detail, StringComparison.Ordinal);
        Assert.Empty(sink.Messages);
    }

    [Fact]
    public async Task SendAsync_ResolverFromDirectory_MapsUsersToAddresses()
    {
        await using var sink = await SmtpSink.StartAsync(TestContext.Current.CancellationToken);
        var options = Options(sink.Port);
        options.ResolveAddress = r => r.Kind == RecipientKind.User ? $"{r.Value}@example.com" : null;

        var result = await new SmtpEmailChannel(options).SendAsync(Messages.Create("k", channel: "email", priority: Priority.P3), TestContext.Current.CancellationToken);

        Assert.True(result.IsDelivered, result.Detail);
        var mail = Assert.Single(sink.Messages);
        Assert.Equal("bob@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal(MimeKit.MessagePriority.Normal, mail.Priority);
    }

    [Fact]
    public async Task SendAsync_MailboxRefusedWith550_IsPermanent()
    {
        await using var sink = await SmtpSink.StartAsync(TestContext.Current.CancellationToken);
        var channel = new SmtpEmailChannel(Options(sink.Port));

        var result = await channel.SendAsync(Messages.Create("k", channel: "email", recipient: Recipient.ForAddress("nobody@example.com")),
            TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.StartsWith("SMTP 55", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NoServer_IsTransient()
    {
        var channel = new SmtpEmailChannel(Options(LocalPorts.Free()));

        var result = await channel.SendAsync(Messages.Create("k", channel: "email", recipient: Recipient.ForAddress("oncall@example.com")),
            TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
    }

    [Fact]
    public void Constructor_BadOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() =>
            new SmtpEmailChannel(new SmtpEmailChannelOptions { Port = 0, FromAddress = "not an address", UserName = "u" }));

        Assert.Equal(4, ex.Errors.Count);
    }
}
