using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.AspNetCore.Tests;

public sealed class WebSampleSmokeTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-sample-").FullName;
    private WebApplicationFactory<Program> _factory = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:IncidentKit", $"Data Source={Path.Combine(_directory, "sample.db")}");
            b.UseSetting("Sample:AdminKey", "ik_test_admin_key_000000000000000");
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Healthz_SampleStarted_AnswersOk()
    {
        using var client = _factory.CreateClient();
        var body = await client.GetStringAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task Incidents_FirstStart_SeedsTheDemoTenantWithABreachedIncident()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ik_test_admin_key_000000000000000");

        var page = await ApiHost.JsonAsync(await client.GetAsync(new Uri("/api/incidents?include=sla", UriKind.Relative), Ct));

        var items = page["items"]!.AsArray();
        Assert.True(items.Count >= 3, page.ToJsonString());
        Assert.Contains(items, i => i!["sla"]!["breached"]!.GetValue<bool>());
        var onCall = await ApiHost.JsonAsync(await client.GetAsync(new Uri("/api/oncall", UriKind.Relative), Ct));
        Assert.Equal("ops-primary", onCall["schedules"]![0]!["schedule"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApi_WithoutCredentials_Answers401_WithKey_ListsTheApi()
    {
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ik_test_admin_key_000000000000000");
        var text = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        Assert.Contains("/api/incidents/{id}/acknowledge", text);
    }

    [Fact]
    public async Task Index_ServedFromWwwroot()
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    // The sample drafts reviews and reminds owners (AddReviewDrafts, AddReviewReminders), and counts an action item's business days
    // on its office calendar (Monday to Friday in London): 5 business days from a Friday is the next Friday, not Wednesday.
    [Fact]
    public async Task AddActionItem_FiveBusinessDaysFromAFriday_IsDueTheNextFriday()
    {
        var friday = new FakeTimeProvider(new DateTimeOffset(2026, 3, 6, 10, 0, 0, TimeSpan.Zero));
        await using var factory = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(friday)));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ik_test_admin_key_000000000000000");
        var id = await ApiHost.OpenAsync(client, "Checkout is down");
        (await ApiHost.PostAsync(client, $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "restarted the pool" })).EnsureSuccessStatusCode();
        (await client.PutAsJsonAsync($"/api/incidents/{id}/review", new { summary = "Pool exhausted" }, Ct)).EnsureSuccessStatusCode();

        using var added = await ApiHost.PostAsync(client, $"/api/incidents/{id}/review/action-items", new { title = "Add a canary", owner = "bob", businessDays = 5 });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("2026-03-13", (await ApiHost.JsonAsync(added))["dueOn"]!.GetValue<string>());
        Assert.Contains(factory.Services.GetServices<IncidentKit.Automations.IIncidentAutomation>(), a => a is IncidentKit.Automations.ReviewDraftAutomation);
        Assert.Contains(factory.Services.GetServices<IHostedService>(), s => s.GetType().Name == "ReviewReminderService");
    }
}
