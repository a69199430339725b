using System.Net;
using System.Text;
using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Notifications.Tests;

public sealed class SmsChannelTests
{
    private static readonly Dictionary<string, string> Phones = new() { ["bob"] = "+447700900123", ["carol"] = "+447700900456" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SmsChannel Channel(LocalHttpReceiver receiver, HttpClient http, TimeProvider time, Action<SmsChannelOptions>? tweak = null)
    {
        var options = new SmsChannelOptions
        {
            BaseAddress = new Uri(receiver.Url.GetLeftPart(UriPartial.Authority)),
            AccountSid = "AC0123456789abcdef",
            AuthToken = "secret-token",
            From = "+15005550006",
            PhoneNumberOf = r => r.Kind == RecipientKind.User && Phones.TryGetValue(r.Value, out var n) ? n : null,
        };
        tweak?.Invoke(options);
        return new SmsChannel(http, options, time);
    }

    private static Dictionary<string, string> Form(ReceivedRequest request) =>
        Encoding.UTF8.GetString(request.Body).Split('&').Select(p => p.Split('='))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p[1]));

    [Fact]
    public async Task Send_OneRecipient_PostsTwilioMessagesFormWithBasicAuth()
    {
        await using var receiver = new LocalHttpReceiver();
        using var http = new HttpClient();
        var channel = Channel(receiver, http, new FakeTimeProvider());

        var result = await channel.SendAsync(Messages.Create("k1", "sms"), Ct);

        Assert.Equal(DeliveryOutcome.Delivered, result.Outcome);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2010-04-01/Accounts/AC0123456789abcdef/Messages.json", request.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC0123456789abcdef:secret-token")), request.Header("Authorization"));
        Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal("k1:+447700900123", request.Header("I-Twilio-Idempotency-Token"));
        var form = Form(request);
        Assert.Equal("+447700900123", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.StartsWith("[P1] SLA breached: response - Checkout fails https://ops.example.com/incidents/", form["Body"]);
    }

    [Fact]
    public async Task Send_LongText_CutToMaxLength()
    {
        await using var receiver = new LocalHttpReceiver();
        using var http = new HttpClient();
        var channel = Channel(receiver, http, new FakeTimeProvider(), o => o.MaxLength = 70);

        await channel.SendAsync(Messages.Create("k1", "sms", subject: new string('x', 200)), Ct);

        var body = Form(Assert.Single(receiver.Requests))["Body"];
        Assert.Equal(70, body.Length);
        Assert.EndsWith("…", body);
    }

    [Fact]
    public async Task Send_OverThePerNumberLimit_ThrottledAsTransientUntilTheWindowMoves()
    {
        await using var receiver = new LocalHttpReceiver();
        using var http = new HttpClient();
        var time = new FakeTimeProvider();
        var channel = Channel(receiver, http, time, o => { o.MaxPerNumberPerWindow = 2; o.ThrottleWindow = TimeSpan.FromMinutes(10); });

        var first = await channel.SendAsync(Messages.Create("k1", "sms"), Ct);
        var second = await channel.SendAsync(Messages.Create("k2", "sms"), Ct);
        var third = await channel.SendAsync(Messages.Create("k3", "sms"), Ct);
        time.Advance(TimeSpan.FromMinutes(10));
        var later = await channel.SendAsync(Messages.Create("k3", "sms"), Ct);

        Assert.Equal(DeliveryOutcome.Delivered, first.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, second.Outcome);
        Assert.Equal(DeliveryOutcome.TransientFailure, third.Outcome);
        Assert.Contains("Throttled", third.Detail);
        Assert.Equal(DeliveryOutcome.Delivered, later.Outcome);
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task Send_NoPhoneNumber_Permanent()
    {
        await using var receiver = new LocalHttpReceiver();
        using var http = new HttpClient();
        var channel = Channel(receiver, http, new FakeTimeProvider());

        var result = await channel.SendAsync(Messages.Create("k1", "sms", Recipient.ForUser(new UserId("nobody"))), Ct);

        Assert.Equal(DeliveryOutcome.PermanentFailure, result.Outcome);
        Assert.Empty(receiver.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, DeliveryOutcome.TransientFailure)]
    [InlineData(HttpStatusCode.ServiceUnavailable, DeliveryOutcome.TransientFailure)]
    [InlineData(HttpStatusCode.BadRequest, DeliveryOutcome.PermanentFailure)]
    [InlineData(HttpStatusCode.Created, DeliveryOutcome.Delivered)]
    public async Task Send_GatewayAnswer_ClassifiedLikeOtherHttpChannels(HttpStatusCode status, DeliveryOutcome expected)
    {
        await using var receiver = new LocalHttpReceiver { StatusFor = _ => status };
        using var http = new HttpClient();
        var channel = Channel(receiver, http, new FakeTimeProvider());

        var result = await channel.SendAsync(Messages.Create("k1", "sms"), Ct);

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public async Task Send_RetryAfterPartialFailure_DoesNotTextTheDeliveredNumberAgain()
    {
        await using var receiver = new LocalHttpReceiver { StatusFor = n => n == 2 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.Created };
        using var http = new HttpClient();
        var channel = Channel(receiver, http, new FakeTimeProvider());
        var message = new NotificationMessage("sms", Messages.Tenant, Messages.Incident, "sla-breached",
            [Recipient.ForUser(new UserId("bob")), Recipient.ForUser(new UserId("carol"))], "P1 down", "body", null, Prioritization.Priority.P1, "k9", Messages.At);

        var first = await channel.SendAsync(message, Ct);
        var retry = await channel.SendAsync(message, Ct);

        Assert.Equal(DeliveryOutcome.TransientFailure, first.Outcome);
        Assert.Equal(DeliveryOutcome.Delivered, retry.Outcome);
        Assert.Equal(["+447700900123", "+447700900456", "+447700900456"], receiver.Requests.Select(r => Form(r)["To"]));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        using var http = new HttpClient();

        var ex = Assert.Throws<ConfigurationValidationException>(() => new SmsChannel(http, new SmsChannelOptions { From = "0123", MaxLength = 5 }));

        Assert.Contains(ex.Errors, p => p.Contains("AccountSid", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, p => p.Contains("AuthToken", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, p => p.Contains("From", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, p => p.Contains("MaxLength", StringComparison.Ordinal));
    }
}
