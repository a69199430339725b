using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Ardalis.GuardClauses;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Posts each notification as signed JSON to a URL: the generic integration for incident tooling, ticketing and automation.</summary>
/// <remarks>
/// <para>The body is a JSON object with <c>idempotencyKey</c>, <c>timestamp</c> (Unix seconds), <c>channel</c>, <c>tenant</c>,
/// <c>incident</c>, <c>eventKind</c>, <c>priority</c> (<c>P1</c>), <c>subject</c>, <c>body</c>, <c>link</c>, <c>recipients</c>,
/// <c>createdAt</c> (ISO-8601) and, for a bundle, <c>items</c> holding the bundled messages with the same fields. Headers and
/// how a receiver verifies them: <see cref="WebhookSignature"/>.</para>
/// <para>2xx is delivered; 408, 425, 429, 5xx, timeouts and connection failures are transient; other answers are permanent.</para>
/// <para>Pass an <see cref="HttpClient"/> from <c>IHttpClientFactory</c> (its timeout and handler apply); the channel never disposes it.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class WebhookChannel : INotificationChannel
{
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly string _secret;
    private readonly TimeProvider _time;

    /// <summary>Initializes the channel.</summary>
    /// <param name="client">The HTTP client to post with.</param>
    /// <param name="options">The endpoint, secret and name.</param>
    /// <param name="timeProvider">The clock for the timestamp; <see langword="null"/> takes <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    public WebhookChannel(HttpClient client, WebhookChannelOptions options, TimeProvider? timeProvider = null)
    {
        _client = Guard.Against.Null(client);
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("webhook channel options", problems);
        }

        _endpoint = options.Endpoint!;
        _secret = options.Secret!;
        Name = options.Name;
        HonoursIdempotencyKeys = options.ReceiverHonoursIdempotencyKeys;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool HonoursIdempotencyKeys { get; }

    /// <inheritdoc/>
    public async ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var body = Serialize(message, timestamp);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(body, _secret));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.IdempotencyKeyHeader, message.IdempotencyKey);
        return await HttpDelivery.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
    }

    internal static byte[] Serialize(NotificationMessage message, long timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", timestamp);
            NotificationJson.WriteFields(writer, message);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
