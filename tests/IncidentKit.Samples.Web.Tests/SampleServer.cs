using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.Samples.Web.Tests;

// The web sample's real Program on Kestrel at 127.0.0.1:0, with its own SQLite file in a temporary folder, so each test
// gets a fresh seeded desk and a real socket that a real browser can reach.
internal sealed class SampleServer : WebApplicationFactory<Program>
{
    public const string AdminKey = "ik_browsertest_admin_0123456789abcdef";

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("incidentkit-web-test-");
    private readonly Action<IServiceCollection>? _services;

    private SampleServer(Action<IServiceCollection>? services)
    {
        _services = services;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public static SampleServer Start(Action<IServiceCollection>? services = null)
    {
        var server = new SampleServer(services);
        server.StartServer();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Sample:AdminKey", AdminKey);
        builder.UseSetting("IncidentKit:Store", "Sqlite");
        builder.UseSetting("ConnectionStrings:IncidentKit", $"Data Source={Path.Combine(_data.FullName, "incidents.db")}");
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>Returns a client for the API, authenticated with the admin key as a bearer token (never in a URL).</summary>
    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    public async Task<JsonElement> OpenIncidentAsync(string title, int impact, int urgency, CancellationToken cancellationToken)
    {
        using var client = ApiClient();
        using var response = await client.PostAsJsonAsync(new Uri("/api/incidents", UriKind.Relative),
            new { title, description = "Opened by the browser tests", impact, urgency, service = "checkout", source = "browser-test" },
            cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>Waits until the sample's worker has paged the first escalation level of a new incident, so a page opened
    /// after this shows a version the worker will not move again for minutes (a command sent with it is not stale).</summary>
    public async Task WaitForFirstPageAsync(string id, CancellationToken cancellationToken)
    {
        using var client = ApiClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var timeline = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/incidents/{id}/timeline", UriKind.Relative), timeout.Token);
            if (timeline.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "escalation-step-fired"))
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public async Task<IReadOnlyList<JsonElement>> OpenIncidentsAsync(CancellationToken cancellationToken)
    {
        using var client = ApiClient();
        var page = await client.GetFromJsonAsync<JsonElement>(new Uri("/api/incidents?pageSize=200", UriKind.Relative), cancellationToken);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            _data.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finalising connection; the temp folder is cleaned by the OS.
        }
    }
}
