using System.Net;
using System.Net.Http.Headers;
using IncidentKit.AspNetCore.Evidence;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.AspNetCore.Tests;

public sealed class EvidenceEndpointsTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string id, byte[] bytes, string contentType, string fileName, string? title = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }

        return client.PostAsync($"/api/incidents/{id}/evidence/files", form, Ct);
    }

    [Fact]
    public async Task File_Uploaded_IsOnTheTimelineWithWhoAndDownloadsAsAttachment()
    {
        var folder = Directory.CreateTempSubdirectory("incidentkit-evidence-").FullName;
        try
        {
            await using var host = await ApiHost.StartAsync(configure: b => b.Services.UseFileSystemEvidence(folder));
            using var client = host.Client();
            var id = await ApiHost.OpenAsync(client);

            using var upload = await UploadAsync(client, id, Png, "image/png", "graph.png", "Error rate graph");
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            var evidence = await ApiHost.JsonAsync(upload);
            var timeline = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/timeline", Ct));
            using var download = await host.Client("a-viewer").GetAsync(evidence["downloadUrl"]!.GetValue<string>(), Ct);

            var added = timeline["events"]!.AsArray()[^1]!;
            Assert.Equal("evidence-added", added["type"]!.GetValue<string>());
            Assert.Equal("alice", added["actor"]!.GetValue<string>());
            Assert.Equal("Error rate graph", added["event"]!["title"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(Png, await download.Content.ReadAsByteArrayAsync(Ct));
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.StartsWith("sandbox", download.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Single(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    [InlineData("text/html", "<html><script>alert(1)</script></html>")]
    [InlineData("text/plain", "<!doctype html><html><script>alert(1)</script>")]
    [InlineData("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'/>")]
    [InlineData("image/png", "not a png at all")]
    public async Task File_HtmlOrMislabelled_Answers415AndKeepsNothing(string contentType, string content)
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var upload = await UploadAsync(client, id, System.Text.Encoding.UTF8.GetBytes(content), contentType, "x");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, upload.StatusCode);
        var timeline = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/timeline", Ct));
        Assert.Single(timeline["events"]!.AsArray());
    }

    [Fact]
    public async Task File_OverTheLimit_Answers413()
    {
        await using var host = await ApiHost.StartAsync(api: o => o.MaxEvidenceBytes = 100);
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var upload = await UploadAsync(client, id, [.. Png, .. new byte[200]], "image/png", "big.png");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
    }

    [Fact]
    public async Task Link_Added_IsListedWithWhoAdded()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/evidence/links", new { title = "Grafana", url = "https://grafana.example/d/1" });
        using var script = await ApiHost.PostAsync(client, $"/api/incidents/{id}/evidence/links", new { title = "x", url = "javascript:alert(1)" });
        var list = (await client.GetFromJsonArrayAsync($"/api/incidents/{id}/evidence"));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, script.StatusCode);
        var only = Assert.Single(list);
        Assert.Equal("link", only!["kind"]!.GetValue<string>());
        Assert.Equal("https://grafana.example/d/1", only["url"]!.GetValue<string>());
        Assert.Equal("alice", only["addedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evidence_OtherTenant_CannotAddListOrDownload()
    {
        await using var host = await ApiHost.StartAsync();
        using var a = host.Client("a-admin");
        using var b = host.Client("b-admin");
        var theirs = await ApiHost.OpenAsync(b);
        using var upload = await UploadAsync(b, theirs, Png, "image/png", "g.png");
        var download = (await ApiHost.JsonAsync(upload))["downloadUrl"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync(download, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/api/incidents/{theirs}/evidence", Ct)).StatusCode);
        using var add = await UploadAsync(a, theirs, Png, "image/png", "g.png");
        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiHost.PostAsync(a, $"/api/incidents/{theirs}/evidence/links", new { title = "x", url = "https://x.example" })).StatusCode);
    }

    [Fact]
    public async Task Evidence_Viewer_CannotAdd()
    {
        await using var host = await ApiHost.StartAsync();
        var id = await ApiHost.OpenAsync(host.Client());

        using var upload = await UploadAsync(host.Client("a-viewer"), id, Png, "image/png", "g.png");

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
    }
}

internal static class EvidenceClientExtensions
{
    public static async Task<System.Text.Json.Nodes.JsonArray> GetFromJsonArrayAsync(this HttpClient client, string path)
    {
        var text = await client.GetStringAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return System.Text.Json.Nodes.JsonNode.Parse(text)!.AsArray();
    }
}
