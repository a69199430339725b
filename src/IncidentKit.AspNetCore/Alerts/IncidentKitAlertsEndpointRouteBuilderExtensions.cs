using IncidentKit;
using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Alerts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the alert intake endpoints: Alertmanager, Events API v2, generic webhooks and heartbeats.</summary>
/// <remarks>
/// <para>Every endpoint authenticates with an integration key (stored hashed, tied to a tenant and a source), validates the body,
/// writes the alerts to the inbox in the incident store, answers 202, and leaves the processing to the background worker. An
/// unknown key, or a key of another source, gets 401 and nothing else; a key for <see cref="IntegrationKey.AnySource"/> is accepted
/// by every endpoint. Bad bodies get 400 problem details (RFC 9457) naming the
/// field (<c>field</c> extension); a body over the limit 413; too many requests 429. Nothing is recorded from a rejected request.</para>
/// <list type="bullet">
/// <item><c>POST /alerts/alertmanager</c>: key in <c>Authorization: Bearer</c>, key source <c>alertmanager</c>.</item>
/// <item><c>POST /v2/enqueue</c>: key in the body's <c>routing_key</c>, key source <c>events-v2</c>; answers as the Events API v2 does.</item>
/// <item><c>POST /alerts/webhook/{integration}</c>: key in <c>X-IncidentKit-Key</c> (or <c>Authorization: Bearer</c>), key source the integration.</item>
/// <item><c>POST /heartbeats/{monitor}</c>: key as for webhooks, key source <c>heartbeat</c>.</item>
/// </list>
/// </remarks>
/// <threadsafety>Call during start-up only.</threadsafety>
public static class IncidentKitAlertsEndpointRouteBuilderExtensions
{
    /// <summary>The header that carries an integration key for webhooks and heartbeats.</summary>
    public const string KeyHeader = "X-IncidentKit-Key";

    /// <summary>Maps the alert intake endpoints (see the type's remarks), rate limited with the configured policy.</summary>
    /// <param name="endpoints">The endpoint route builder (the app).</param>
    /// <returns>The group of the mapped endpoints, for further conventions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    public static RouteGroupBuilder MapIncidentKitAlerts(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<AlertEndpointOptions>();
        var group = endpoints.MapGroup("").RequireRateLimiting(options.RateLimitPolicy).DisableAntiforgery();
        // The intake's services are singletons: resolved once, on the first request, not on every one of a storm's.
        var services = endpoints.ServiceProvider;
        var intake = new Lazy<Intake>(() => new Intake(services.GetRequiredService<IntegrationKeyCache>(), services.GetRequiredService<AlertProcessor>(),
            services.GetRequiredService<AlertIntakeSignal>(), services.GetRequiredService<AlertEndpointOptions>(), services.GetRequiredService<IClock>()));
        // RequestDelegate handlers: no reflection over delegates, so the package stays trimming- and AOT-safe.
        group.MapPost("/alerts/alertmanager", context => RunAsync(context, intake.Value, AlertmanagerAsync)).WithName("IncidentKitAlertmanager");
        group.MapPost("/v2/enqueue", context => RunAsync(context, intake.Value, EnqueueAsync)).WithName("IncidentKitEventsV2");
        group.MapPost("/alerts/webhook/{integration}", context => RunAsync(context, intake.Value, WebhookAsync)).WithName("IncidentKitWebhook");
        group.MapPost("/heartbeats/{monitor}", context => RunAsync(context, intake.Value, HeartbeatAsync)).WithName("IncidentKitHeartbeat");
        return group;
    }

    private static async Task RunAsync(HttpContext context, Intake intake, Func<HttpContext, Intake, Task<IResult>> handler)
    {
        var result = await handler(context, intake).ConfigureAwait(false);
        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private static async Task<IResult> AlertmanagerAsync(HttpContext context, Intake intake)
    {
        var (keys, processor, signal, options, _) = intake;
        var key = await AuthenticateAsync(context, keys, BearerOf(context), AlertmanagerWebhook.Integration).ConfigureAwait(false);
        if (key is null)
        {
            return Unauthorized();
        }

        var body = await ReadBodyAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(options.MaxBodyBytes);
        }

        AlertmanagerNotification notification;
        try
        {
            notification = AlertmanagerWebhook.Parse(body.Value, options.MaxBodyBytes);
        }
        catch (AlertFormatException e)
        {
            return BadRequest(e);
        }

        return await AcceptAsync(context, processor, signal, key.Tenant, notification.Alerts).ConfigureAwait(false);
    }

    private static async Task<IResult> EnqueueAsync(HttpContext context, Intake intake)
    {
        var (keys, processor, signal, options, clock) = intake;
        var body = await ReadBodyAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(options.MaxBodyBytes);
        }

        EventsV2Event e;
        try
        {
            e = EventsV2.Parse(body.Value, options.MaxBodyBytes);
        }
        catch (AlertFormatException error)
        {
            // Events API v2 answers invalid events with 400 {status, message, errors}.
            return TypedResults.Json(new EventsV2Rejected("invalid event", "Event object is invalid", [error.Message]),
                AlertEndpointJsonContext.Default.EventsV2Rejected, statusCode: StatusCodes.Status400BadRequest);
        }

        var key = await AuthenticateAsync(context, keys, e.RoutingKey, EventsV2.Integration).ConfigureAwait(false);
        if (key is null)
        {
            return Unauthorized();
        }

        await processor.ReceiveAsync(key.Tenant, [e.ToAlert(clock.GetCurrentInstant())], context.RequestAborted).ConfigureAwait(false);
        signal.Notify();
        return TypedResults.Json(new EventsV2Accepted("success", "Event processed", e.DedupKey), AlertEndpointJsonContext.Default.EventsV2Accepted,
            statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> WebhookAsync(HttpContext context, Intake intake)
    {
        var (keys, processor, signal, options, clock) = intake;
        var integration = context.Request.RouteValues["integration"] as string ?? "";
        var mapping = options.Webhooks.FirstOrDefault(w => string.Equals(w.Integration, integration, StringComparison.Ordinal));
        var key = await AuthenticateAsync(context, keys, HeaderKeyOf(context), integration).ConfigureAwait(false);
        if (key is null || mapping is null)
        {
            return Unauthorized();
        }

        var body = await ReadBodyAsync(context, options.MaxBodyBytes).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(options.MaxBodyBytes);
        }

        Alert alert;
        try
        {
            alert = mapping.Parse(body.Value, clock.GetCurrentInstant(), options.MaxBodyBytes);
        }
        catch (AlertFormatException e)
        {
            return BadRequest(e);
        }

        return await AcceptAsync(context, processor, signal, key.Tenant, [alert]).ConfigureAwait(false);
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext context, Intake intake)
    {
        var (keys, processor, signal, _, _) = intake;
        var monitor = context.Request.RouteValues["monitor"] as string ?? "";
        var key = await AuthenticateAsync(context, keys, HeaderKeyOf(context), "heartbeat").ConfigureAwait(false);
        if (key is null)
        {
            return Unauthorized();
        }

        if (!await processor.PingAsync(key.Tenant, monitor, context.RequestAborted).ConfigureAwait(false))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown heartbeat monitor",
                detail: $"The tenant has no heartbeat monitor named '{monitor}'.");
        }

        signal.Notify();
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> AcceptAsync(HttpContext context, AlertProcessor processor, AlertIntakeSignal signal, TenantId tenant, IReadOnlyList<Alert> alerts)
    {
        var receipts = await processor.ReceiveAsync(tenant, alerts, context.RequestAborted).ConfigureAwait(false);
        signal.Notify();
        var fresh = 0;
        foreach (var receipt in receipts)
        {
            fresh += receipt.IsNew ? 1 : 0;
        }

        return new AlertsAcceptedResult(receipts.Count, fresh);
    }

    private static async Task<IntegrationKey?> AuthenticateAsync(HttpContext context, IntegrationKeyCache keys, string? secret, string integration)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 512)
        {
            return null;
        }

        var key = await keys.FindOrNullAsync(IntegrationKey.Hash(secret), context.RequestAborted).ConfigureAwait(false);
        return key is not null && key.Accepts(integration) ? key : null;
    }

    private static string? BearerOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }

    private static string? HeaderKeyOf(HttpContext context) =>
        context.Request.Headers.TryGetValue(KeyHeader, out var value) && value.Count == 1 ? value.ToString() : BearerOf(context);

    // Reads at most maxBytes; null when the body is larger (nothing is parsed or recorded then).
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        int read;
        if (context.Request.ContentLength is { } length)
        {
            // The usual case (Alertmanager and curl send Content-Length): one array of the right size, no copying. The server
            // ends the body at the declared length.
            var exact = new byte[length];
            try
            {
                var filled = 0;
                while (filled < exact.Length && (read = await context.Request.Body.ReadAsync(exact.AsMemory(filled), context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }

                return new ReadOnlyMemory<byte>(exact, 0, filled);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return null;
            }
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    private static ProblemHttpResult TooLarge(int maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
            detail: $"The body is larger than {maxBytes} bytes.");

    private static ProblemHttpResult BadRequest(AlertFormatException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid alert body", detail: e.Message,
            extensions: new Dictionary<string, object?> { ["field"] = e.Field });

    private sealed record Intake(IntegrationKeyCache Keys, AlertProcessor Processor, AlertIntakeSignal Signal, AlertEndpointOptions Options, IClock Clock);
}
