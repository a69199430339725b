using System.Security.Cryptography;
using System.Text;
using IncidentKit.AspNetCore.Evidence;
using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace IncidentKit.AspNetCore.Http;

// Evidence on an incident: links, and files whose bytes go to the blob port and whose description is an event on the
// timeline (who added it, when). Files are checked (size, an allowed content type that the bytes agree with, never HTML)
// and always served as a download with nosniff and a sandbox policy, never rendered inline.
internal static class EvidenceEndpoints
{
    private static readonly string[] NeverServed = ["text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript", "application/javascript", "text/xml", "application/xml"];

    public static RouteGroupBuilder MapEvidence(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/incidents/{id:guid}/evidence").WithTags("Evidence");
        group.MapGet("/", ListAsync).WithName("ListEvidence").WithSummary("Lists an incident's evidence.");
        group.MapPost("/links", AddLinkAsync).WithName("AddEvidenceLink").WithSummary("Adds a link as evidence.")
            .Accepts<EvidenceLinkRequest>("application/json").AddEndpointFilter(Idempotency.FilterAsync);
        group.MapPost("/files", AddFileAsync).WithName("AddEvidenceFile")
            .WithSummary("Adds a file as evidence: multipart/form-data with the field file (and optionally title).")
            .Accepts<IFormFile>("multipart/form-data").DisableAntiforgery();
        group.MapGet("/{evidenceId}", DownloadAsync).WithName("DownloadEvidence").WithSummary("Downloads an evidence file (always as an attachment).");
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<EvidenceResource>>, ProblemHttpResult>> ListAsync(HttpContext context, IncidentApi api, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var incident = await api.LoadAsync(actor, id, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok<IReadOnlyList<EvidenceResource>>([.. incident.Evidence.Select(e => ToResource(incident.Id, e))]);
    }

    private static async Task<Results<Created<EvidenceResource>, ProblemHttpResult>> AddLinkAsync(HttpContext context, IncidentApi api, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.AddEvidence);
        var body = await Bodies.ReadAsync(context.Request, IncidentKitApiJsonContext.Default.EvidenceLinkRequest, context.RequestAborted).ConfigureAwait(false);
        var title = Bodies.Required(body?.Title, "title", "what the link shows");
        if (!Uri.TryCreate(Bodies.Required(body!.Url, "url", "an absolute http or https address"), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw ApiProblemException.BadField("url", "'url' must be an absolute http or https address.");
        }

        var evidenceId = NewEvidenceId();
        var incident = await api.Service.ExecuteAsync(actor.Tenant, IncidentApi.ToId(id), (i, at) => i.AddEvidenceLink(evidenceId, title, url, at, actor.User), context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(incident.Version);
        return TypedResults.Created($"/api/incidents/{incident.Id}/evidence", ToResource(incident.Id, incident.Evidence.Single(e => e.EvidenceId == evidenceId)));
    }

    private static async Task<Results<Created<EvidenceResource>, ProblemHttpResult>> AddFileAsync(HttpContext context, IncidentApi api, IEvidenceBlobStore blobs, Guid id)
    {
        var actor = api.Demand(context, IncidentAction.AddEvidence);
        var limit = api.Options.MaxEvidenceBytes;
        if (context.Request.ContentLength > limit + 64 * 1024)
        {
            throw new ApiProblemException(413, "The file is too large.", $"Evidence files are at most {limit} bytes.");
        }

        if (!context.Request.HasFormContentType)
        {
            throw new ApiProblemException(415, "Unsupported media type.", "Send the file as multipart/form-data with the field 'file'.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var file = form.Files.GetFile("file") ?? throw ApiProblemException.BadField("file", "Send the file in the form field 'file'.");
        if (file.Length > limit)
        {
            throw new ApiProblemException(413, "The file is too large.", $"Evidence files are at most {limit} bytes; this one has {file.Length}.");
        }

        var contentType = (file.ContentType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant();
        var bytes = new byte[file.Length];
        using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, context.RequestAborted).ConfigureAwait(false);
        }

        if (NeverServed.Contains(contentType) || !api.Options.EvidenceContentTypes.Contains(contentType) || !Agrees(contentType, bytes))
        {
            throw new ApiProblemException(415, "This kind of file is not accepted.",
                $"'{contentType}' is not accepted, or the file's bytes are not that type; accepted: {string.Join(", ", api.Options.EvidenceContentTypes.Order())}.");
        }

        var fileName = SafeFileName(file.FileName);
        var title = form["title"].ToString() is { Length: > 0 } t ? t : fileName;
        var evidenceId = NewEvidenceId();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var incidentId = IncidentApi.ToId(id);
        _ = await api.LoadAsync(actor, id, context.RequestAborted).ConfigureAwait(false); // 404 before any bytes are kept
        await blobs.PutAsync(actor.Tenant, incidentId, evidenceId, bytes, context.RequestAborted).ConfigureAwait(false);
        var incident = await api.Service.ExecuteAsync(actor.Tenant, incidentId,
            (i, at) => i.AddEvidenceFile(evidenceId, title, fileName, contentType, bytes.LongLength, sha, at, actor.User), context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers.ETag = ApiText.ETagOf(incident.Version);
        return TypedResults.Created($"/api/incidents/{incident.Id}/evidence/{evidenceId}", ToResource(incident.Id, incident.Evidence.Single(e => e.EvidenceId == evidenceId)));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(HttpContext context, IncidentApi api, IEvidenceBlobStore blobs, Guid id, string evidenceId)
    {
        var actor = api.Demand(context, IncidentAction.Read);
        var incident = await api.LoadAsync(actor, id, context.RequestAborted).ConfigureAwait(false);
        var evidence = incident.Evidence.SingleOrDefault(e => e.EvidenceId == evidenceId && e.FileName is not null)
            ?? throw ApiProblemException.NotFound("The incident has no such evidence file.");
        var bytes = await blobs.GetAsync(actor.Tenant, incident.Id, evidenceId, context.RequestAborted).ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("The evidence file's bytes are missing from the blob store.");
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        // FileContentHttpResult with a download name sends Content-Disposition: attachment.
        return TypedResults.File(bytes, evidence.ContentType ?? "application/octet-stream", evidence.FileName);
    }

    private static EvidenceResource ToResource(IncidentId incident, EvidenceAdded e) => new(
        e.EvidenceId, e.Title, e.Url is null ? "file" : "link", e.Url, e.FileName, e.ContentType, e.Size, e.Sha256,
        e.FileName is null ? null : $"/api/incidents/{incident}/evidence/{e.EvidenceId}", e.At, e.Actor);

    private static string NewEvidenceId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileName(name ?? string.Empty);
        var safe = new StringBuilder();
        foreach (var c in baseName)
        {
            safe.Append(char.IsControl(c) || c is '"' or '\\' or '/' ? '_' : c);
        }

        return safe.Length == 0 ? "evidence" : safe.ToString()[..Math.Min(safe.Length, 200)];
    }

    // The declared type must agree with the bytes: magic numbers for binary types, and text that does not look like markup.
    private static bool Agrees(string contentType, byte[] bytes) => contentType switch
    {
        "image/png" => bytes.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "image/jpeg" => bytes.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.AsSpan().StartsWith("GIF8"u8),
        "image/webp" => bytes.Length >= 12 && bytes.AsSpan(0, 4).SequenceEqual("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8),
        "application/pdf" => bytes.AsSpan().StartsWith("%PDF-"u8),
        "application/zip" => bytes.AsSpan().StartsWith("PK"u8),
        _ when contentType.StartsWith("text/", StringComparison.Ordinal) || contentType == "application/json" => !LooksLikeMarkup(bytes),
        _ => true,
    };

    private static bool LooksLikeMarkup(byte[] bytes)
    {
        var head = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 1024)).TrimStart().ToLowerInvariant();
        return head.StartsWith('<') && (head.Contains("<html", StringComparison.Ordinal) || head.Contains("<script", StringComparison.Ordinal)
            || head.Contains("<!doctype", StringComparison.Ordinal) || head.Contains("<svg", StringComparison.Ordinal));
    }
}
