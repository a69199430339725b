using System.Security.Cryptography;
using IncidentKit.AspNetCore.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.AspNetCore.Http;

// Idempotency-Key on POST: the first request claims the key in the tenant's store, runs, and stores its answer (problem
// answers included); a retry with the same key and the same request gets that answer again without running; the same key
// with a different request is refused (422); a retry while the first still runs is told so (409).
internal static class Idempotency
{
    public const string Header = "Idempotency-Key";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
        {
            return await next(context).ConfigureAwait(false);
        }

        if (key.Length > 200)
        {
            throw ApiProblemException.BadField(Header, "An Idempotency-Key has at most 200 characters.");
        }

        var actor = IncidentApi.ActorOf(http);
        var services = http.RequestServices;
        var store = services.GetRequiredService<IIdempotencyStore>();
        var clock = services.GetRequiredService<IClock>();
        var options = services.GetRequiredService<IOptions<IncidentKitApiOptions>>().Value;
        var fingerprint = await FingerprintAsync(http.Request).ConfigureAwait(false);
        var claim = await store.TryBeginAsync(actor.Tenant, key, fingerprint, clock.GetCurrentInstant(), options.IdempotencyStaleAfter, http.RequestAborted).ConfigureAwait(false);
        if (claim.Outcome != IdempotencyOutcome.Begun && claim.RequestHash != fingerprint)
        {
            return TypedResults.Problem("This Idempotency-Key was used for a different request; use a new key for a new request.",
                statusCode: 422, title: "Idempotency-Key reused.");
        }

        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Completed:
                return new Replay(claim.Response!);
            case IdempotencyOutcome.InProgress:
                return TypedResults.Problem("A request with this Idempotency-Key is still running; retry shortly.", statusCode: 409, title: "Request in progress.");
        }

        IResult result;
        try
        {
            var value = await next(context).ConfigureAwait(false);
            result = value as IResult ?? throw new InvalidOperationException("Idempotent endpoints return IResult.");
        }
        catch (Exception ex)
        {
            if (ProblemMapping.ToProblem(ex) is { } problem)
            {
                result = problem;
            }
            else
            {
                await store.AbandonAsync(actor.Tenant, key, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        // Run the result into a buffer so the exact bytes, status and headers can be stored, then send them.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await result.ExecuteAsync(http).ConfigureAwait(false);
        }
        finally
        {
            http.Response.Body = original;
        }

        var response = new IdempotentResponse(http.Response.StatusCode, http.Response.ContentType,
            NullIfEmpty(http.Response.Headers.ETag.ToString()), NullIfEmpty(http.Response.Headers.Location.ToString()), buffer.ToArray());
        await store.CompleteAsync(actor.Tenant, key, response, CancellationToken.None).ConfigureAwait(false);
        return new Replay(response, headersWritten: true);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Writes a stored answer; when the live request has already set status and headers, only the body is sent.
    private sealed class Replay(IdempotentResponse response, bool headersWritten = false) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            if (!headersWritten)
            {
                httpContext.Response.StatusCode = response.StatusCode;
                httpContext.Response.ContentType = response.ContentType;
                if (response.ETag is { } etag)
                {
                    httpContext.Response.Headers.ETag = etag;
                }

                if (response.Location is { } location)
                {
                    httpContext.Response.Headers.Location = location;
                }

                httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            }

            await httpContext.Response.Body.WriteAsync(response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
