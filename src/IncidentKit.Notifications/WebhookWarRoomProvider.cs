using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.MajorIncidents;

namespace IncidentKit.Notifications;

/// <summary>Opens war rooms by calling a webhook (a chat bot or bridge service): POSTs the request as JSON, reads the room back.</summary>
/// <remarks>
/// <para>Request body (camelCase JSON): <c>tenant</c>, <c>incident</c>, <c>title</c>, <c>priority</c> (e.g. <c>P1</c>), <c>reason</c>,
/// <c>idempotencyKey</c>, <c>attempt</c> and <c>commander</c> (or null); the key is also sent as the <c>Idempotency-Key</c> header and
/// stays the same for every attempt of one declaration, so the receiver can open one room. The answer must be a 2xx with a JSON
/// body <c>{ "name": "#inc-42", "link": "https://chat.example.com/inc-42" }</c>; anything else is a failed attempt
/// (<see cref="WarRoomException"/>), which the worker records on the timeline and retries with backoff.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class WebhookWarRoomProvider : IWarRoomProvider
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <summary>Initializes the provider.</summary>
    /// <param name="http">The client to call with (its timeout applies; the worker also gives up after 30 seconds).</param>
    /// <param name="endpoint">The webhook's absolute http or https address.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http or https address.</exception>
    public WebhookWarRoomProvider(HttpClient http, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Expected an absolute http or https address but got '{endpoint}'.", nameof(endpoint));
        }

        _http = http;
        _endpoint = endpoint;
    }

    /// <inheritdoc />
    public async ValueTask<WarRoom> OpenAsync(WarRoomRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = new WarRoomWebhookRequest(request.Tenant.Value, request.Incident.ToString(), request.Title, request.Priority.ToString(), request.Reason,
            request.IdempotencyKey, request.Attempt, request.Commander?.Value);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(body, WarRoomJsonContext.Default.WarRoomWebhookRequest),
        };
        message.Headers.Add("Idempotency-Key", request.IdempotencyKey);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new WarRoomException($"The war-room webhook could not be reached: {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new WarRoomException($"The war-room webhook answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            WarRoomWebhookResponse? room;
            try
            {
                room = await response.Content.ReadFromJsonAsync(WarRoomJsonContext.Default.WarRoomWebhookResponse, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new WarRoomException($"The war-room webhook's answer is not the expected JSON {{\"name\", \"link\"}}: {ex.Message}", ex);
            }

            if (room is not { Name: { Length: > 0 } name, Link: { } link } || !Uri.TryCreate(link, UriKind.Absolute, out var uri))
            {
                throw new WarRoomException("The war-room webhook's answer lacks a name or an absolute link.");
            }

            return new WarRoom(name, uri);
        }
    }
}

internal sealed record WarRoomWebhookRequest(string Tenant, string Incident, string Title, string Priority, string Reason, string IdempotencyKey, int Attempt, string? Commander);

internal sealed record WarRoomWebhookResponse(string? Name, string? Link);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(WarRoomWebhookRequest))]
[JsonSerializable(typeof(WarRoomWebhookResponse))]
internal sealed partial class WarRoomJsonContext : JsonSerializerContext;
