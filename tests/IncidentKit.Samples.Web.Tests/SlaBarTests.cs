using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IncidentKit.Samples.Web.Tests;

// SLA countdown bars against the sample on a fake clock: the page counts down on the server's time, turns amber at the
// warning threshold and red at the due instant (with the words "breached" and an icon, not colour alone).
public sealed class SlaBarTests
{
    private const string Red = "rgb(179, 38, 30)";
    private const string Amber = "rgb(161, 92, 0)";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_ResponseDuePassesWhileOpen_BarTurnsRedWithoutReload()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = SampleServer.Start(services => services.AddSingleton<TimeProvider>(time));
        var opened = await server.OpenIncidentAsync("Card payments declined", impact: 1, urgency: 1, Ct);
        var id = opened.GetProperty("id").GetString()!;
        var due = DueAt(opened, "response");
        time.SetUtcNow(due - TimeSpan.FromSeconds(30));
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;
        // The page's own clock is Playwright's: it runs on as usual, and the test moves it past the due instant below
        // instead of waiting in real seconds, which a busy machine stretches.
        await page.Clock.InstallAsync();
        await browser.SignInAsync(SampleServer.AdminKey);
        var bar = page.Locator($"li.incident-row[data-id='{id}'] .sla");

        // Half a minute before the due instant: well past the first warning threshold, so amber, with its words.
        await Expect(bar).ToHaveAttributeAsync("data-level", "warning");
        await Expect(bar.Locator(".sla-text")).ToContainTextAsync("Response due in");
        await Expect(bar.Locator(".sla-label")).ToHaveCSSAsync("color", Amber);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Screenshots.SaveAsync(page, "sla-warning-live");

        // The README's screenshot shows this moment: one SLA breached, one at warning, others on track.
        if (Environment.GetEnvironmentVariable("INCIDENTKIT_DOCS_SCREENSHOT") is { Length: > 0 } docs)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = docs, FullPage = false });
        }


        // The due instant passes in the page's own countdown: red, an icon and "breached", no reload.
        await page.Clock.FastForwardAsync("00:35");
        await Expect(bar).ToHaveAttributeAsync("data-level", "breached");
        await Expect(bar.Locator(".sla-text")).ToContainTextAsync("Response breached");
        await Expect(bar.Locator(".sla-icon")).ToHaveTextAsync("✖");
        await Expect(bar.Locator(".sla-label")).ToHaveCSSAsync("color", Red);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await Screenshots.SaveAsync(page, "sla-breached-live");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task IncidentPage_ServerSaysBreached_ShowsRedClock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = SampleServer.Start(services => services.AddSingleton<TimeProvider>(time));
        var opened = await server.OpenIncidentAsync("Orders database unreachable", impact: 1, urgency: 1, Ct);
        var id = opened.GetProperty("id").GetString()!;
        time.SetUtcNow(DueAt(opened, "response") + TimeSpan.FromMinutes(10));

        using (var client = server.ApiClient())
        {
            var now = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/incidents/{id}", UriKind.Relative), Ct);
            Assert.Equal("Breached", now.GetProperty("sla").GetProperty("response").GetProperty("status").GetString(), ignoreCase: true);
        }

        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        await browser.SignInAsync(SampleServer.AdminKey);
        var page = browser.Page;
        await page.GotoAsync($"/incident.html?id={id}");
        var response = page.Locator(".sla[data-kind='response']");
        await Expect(response).ToHaveAttributeAsync("data-level", "breached");
        await Expect(response.Locator(".sla-text")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Response breached 10m [0-5]?\\ds ago$"));
        await Expect(response.Locator(".sla-label")).ToHaveCSSAsync("color", Red);
        await Screenshots.SaveAsync(page, "incident-sla-breached");
        browser.AssertNoErrors();
    }

    private static DateTimeOffset DueAt(JsonElement incident, string clock) =>
        DateTimeOffset.Parse(incident.GetProperty("sla").GetProperty(clock).GetProperty("dueAt").GetString()!, CultureInfo.InvariantCulture);
}
