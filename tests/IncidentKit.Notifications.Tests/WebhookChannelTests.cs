using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Notifications.Tests;

public sealed class WebhookChannelTests : IAsyncDisposable
{
    private const string Secret = "s3cret-shared-with-the-receiver";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 30, 0, TimeSpan.Zero);
    private readonly LocalHttpReceiver _receiver = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly FakeTimeProvider _time = new(Now);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
    }

    private WebhookChannel Channel() => new(_client, new WebhookChannelOptions { Endpoint = _receiver.Url, Secret = Secret }, _time);

    [Fact]
    public async Task SendAsync_RealListener_ReceivesJsonSignedWithHmacOfTheBody()
    {
        var message = Messages.Create("evt-1/webhook/user:bob");

        var result = await Channel().SendAsync(message, TestContext.Current.CancellationToken);

        Assert.True(result.IsDelivered);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/hooks/incidents"), (request.Method, request.Path));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        // Verify independently of the library: HMAC-SHA256 of the raw body bytes, lowercase hex.
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Header(WebhookSignature.SignatureHeader));
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header(WebhookSignature.TimestampHeader));
        Assert.Equal("evt-1/webhook/user:bob", request.Header(WebhookSignature.IdempotencyKeyHeader));
        Assert.True(WebhookSignature.Verify(request.Body, Secret, request.Header(WebhookSignature.SignatureHeader),
            request.Header(WebhookSignature.TimestampHeader), Now.AddSeconds(2), TimeSpan.FromMinutes(5)));

        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(Now.ToUnixTimeSeconds(), root.GetProperty("timestamp").GetInt64());
        Assert.Equal("evt-1/webhook/user:bob", root.GetProperty("idempotencyKey").GetString());
        Assert.Equal("acme", root.GetProperty("tenant").GetString());
        Assert.Equal(Messages.Incident.Value, root.GetProperty("incident").GetGuid());
        Assert.Equal("sla-breached", root.GetProperty("eventKind").GetString());
        Assert.Equal("P1", root.GetProperty("priority").GetString());
        Assert.Equal(message.Subject, root.GetProperty("subject").GetString());
        Assert.Equal(message.Link!.ToString(), root.GetProperty("link").GetString());
        Assert.Equal("user:bob", root.GetProperty("recipients")[0].GetString());
        Assert.Equal("2026-06-15T10:07:00Z", root.GetProperty("createdAt").GetString());
        Assert.False(root.TryGetProperty("items", out _));
    }

    [Fact]
    public async Task Verify_TamperedBodyWrongSecretStaleOrMismatchedTimestamp_Rejects()
    {
        await Channel().SendAsync(Messages.Create("k"), TestContext.Current.CancellationToken);
        var request = Assert.Single(_receiver.Requests);
        var signature = request.Header(WebhookSignature.SignatureHeader);
        var timestamp = request.Header(WebhookSignature.TimestampHeader);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("P1", "P4", StringComparison.Ordinal));

        Assert.True(WebhookSignature.Verify(request.Body, Secret, signature, timestamp, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(tampered, Secret, signature, timestamp, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(request.Body, "another-secret-entirely", signature, timestamp, Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(request.Body, Secret, signature, timestamp, Now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(request.Body, Secret, signature, (Now.ToUnixTimeSeconds() + 60).ToString(System.Globalization.CultureInfo.InvariantCulture), Now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(request.Body, Secret, null, timestamp, Now, TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, DeliveryOutcome.TransientFailure)]
    [InlineData(HttpStatusCode.TooManyRequests, DeliveryOutcome.TransientFailure)]
    [InlineData(HttpStatusCode.RequestTimeout, DeliveryOutcome.TransientFailure)]
    [InlineData(HttpStatusCode.BadRequest, DeliveryOutcome.PermanentFailure)]
    [InlineData(HttpStatusCode.Unauthorized, DeliveryOutcome.PermanentFailure)]
    [InlineData(HttpStatusCode.Accepted, DeliveryOutcome.Delivered)]
    public async Task SendAsync_ReceiverStatus_MapsToOutcome(HttpStatusCode status, DeliveryOutcome expected)
    {
        _receiver.StatusFor = _ => status;

        var result = await Channel().SendAsync(Messages.Create("k"), TestContext.Current.CancellationToken);

        Assert.Equal(expected, result.Outcome);
        Assert.Contains(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_NobodyListening_IsTransient()
    {
        var closed = new Uri($"http://127.0.0.1:{LocalPorts.Free()}/hook");
        var channel = new WebhookChannel(_client, new WebhookChannelOptions { Endpoint = closed, Secret = Secret }, _time);

        var result = await channel.SendAsync(Messages.Create("k"), TestContext.Current.CancellationToken);

        Assert.Equal(DeliveryOutcome.TransientFailure, result.Outcome);
    }

    [Fact]
    public void Constructor_BadOptions_ListsEveryProblem()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() =>
            new WebhookChannel(_client, new WebhookChannelOptions { Endpoint = new Uri("/relative", UriKind.Relative), Secret = "short", Name = " " }));

        Assert.Equal(3, ex.Errors.Count);
    }
}
