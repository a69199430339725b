using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using IncidentKit.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IncidentKit.AspNetCore.Http;

// GET /api/incidents/stream: server-sent events of the caller's tenant's changes. The first event ("ready") is sent at
// once, so a client knows the subscription is live; each change follows as an "incident" event with id "{incident}:{version}".
internal static class StreamEndpoints
{
    public static RouteGroupBuilder MapIncidentStream(this RouteGroupBuilder api)
    {
        api.MapGet("/incidents/stream", Stream).WithTags("Incidents").WithName("StreamIncidentChanges")
            .WithSummary("Streams the tenant's incident changes as server-sent events.");
        return api;
    }

#if NET10_0_OR_GREATER
    private static ServerSentEventsResult<string> Stream(HttpContext context, IncidentApi api, IncidentChangeFeed feed)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var subscription = feed.Subscribe(actor.Tenant);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.ServerSentEvents(Events(subscription, context.RequestAborted));
    }
#else
    // ASP.NET Core 8 has no ServerSentEventsResult: the same events, written by the formatter that result uses
    // (System.Net.ServerSentEvents), unbuffered, until the client goes away.
    private static async Task Stream(HttpContext context, IncidentApi api, IncidentChangeFeed feed)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var subscription = feed.Subscribe(actor.Tenant);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/event-stream";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        try
        {
            await SseFormatter.WriteAsync(Events(subscription, context.RequestAborted), context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client disconnected: the stream simply ends.
        }
    }
#endif

    private static async IAsyncEnumerable<SseItem<string>> Events(IncidentChangeFeed.Subscription subscription, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (subscription)
        {
            yield return new SseItem<string>("{}", "ready");
            while (true)
            {
                IncidentChangeMessage message;
                try
                {
                    if (!await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield break;
                    }

                    if (!subscription.Reader.TryRead(out message!))
                    {
                        continue;
                    }
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                yield return new SseItem<string>(JsonSerializer.Serialize(message, IncidentKitApiJsonContext.Default.IncidentChangeMessage), "incident")
                {
                    EventId = $"{message.Id}:{message.Version}",
                };
            }
        }
    }
}
