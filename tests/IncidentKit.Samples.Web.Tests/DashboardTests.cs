using System.Text.RegularExpressions;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IncidentKit.Samples.Web.Tests;

// The dashboard in Debian's Chromium against the sample on a loopback port. Every test signs in through the form and
// saves a screenshot next to its TRX report.
public sealed class DashboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_SeededDesk_ListsEveryOpenIncidentByPriority()
    {
        await using var server = SampleServer.Start();
        var seeded = await server.OpenIncidentsAsync(Ct);
        Assert.NotEmpty(seeded);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);

        await browser.SignInAsync(SampleServer.AdminKey);

        var page = browser.Page;
        foreach (var incident in seeded)
        {
            var row = page.Locator($"li.incident-row[data-id='{incident.GetProperty("id").GetString()}']");
            await Expect(row.GetByRole(AriaRole.Link, new() { Name = incident.GetProperty("title").GetString()! })).ToBeVisibleAsync();
        }

        // Grouped most pressing first: the priority groups appear in ascending level, each with its heading.
        var levels = await page.Locator("section.priority-group").EvaluateAllAsync<int[]>("els => els.map(e => Number(e.dataset.priority))");
        Assert.Equal(seeded.Select(i => int.Parse(i.GetProperty("priority").GetString()!.TrimStart('P'), System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order(), levels);
        await Expect(page.Locator("#open-count")).ToHaveTextAsync($"({seeded.Count})");
        await Expect(page.Locator("#oncall-list li").First).ToBeVisibleAsync();
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");

        await Screenshots.SaveAsync(page, "dashboard");

        browser.AssertNoErrors();
    }

    [Fact]
    public async Task IncidentPage_ClickAcknowledge_ChangesStateAndTimeline()
    {
        await using var server = SampleServer.Start();
        var opened = await server.OpenIncidentAsync("Payment gateway timeouts", impact: 2, urgency: 1, Ct);
        var id = opened.GetProperty("id").GetString()!;
        // The worker pages level 1 a moment after the open; a page loaded before that would send a stale If-Match (412).
        await server.WaitForFirstPageAsync(id, Ct);
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        await browser.SignInAsync(SampleServer.AdminKey);
        var page = browser.Page;

        await page.GetByRole(AriaRole.Link, new() { Name = "Payment gateway timeouts" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/incident\\.html\\?id={id}$"));
        await Expect(page.Locator("#incident-state")).ToContainTextAsync("New");
        var timelineBefore = await page.Locator("#timeline > li").CountAsync();
        Assert.True(timelineBefore >= 1);

        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();

        await Expect(page.Locator("#incident-state")).ToContainTextAsync("Acknowledged");
        // The worker writes its own entries (escalation, notices) at any moment, so the timeline is checked for the
        // acknowledgement itself and for having grown, not for an exact count.
        await Expect(page.Locator("#timeline > li").Filter(new() { HasTextRegex = new Regex("acknowledged", RegexOptions.IgnoreCase) }).First).ToBeVisibleAsync();
        Assert.True(await page.Locator("#timeline > li").CountAsync() > timelineBefore);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Start work" })).ToBeVisibleAsync();

        using var client = server.ApiClient();
        var stored = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/incidents/{id}", UriKind.Relative), Ct);
        Assert.Equal("acknowledged", stored.GetProperty("state").GetString());

        await Screenshots.SaveAsync(page, "incident-acknowledged");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Dashboard_IncidentPostedThroughApi_AppearsWithoutReload()
    {
        await using var server = SampleServer.Start();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        await browser.SignInAsync(SampleServer.AdminKey);
        var page = browser.Page;
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var before = await page.Locator("li.incident-row").CountAsync();

        var opened = await server.OpenIncidentAsync("Checkout returns 502 for EU shoppers", impact: 1, urgency: 1, Ct);

        var row = page.Locator($"li.incident-row[data-id='{opened.GetProperty("id").GetString()}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("Checkout returns 502 for EU shoppers");
        await Expect(page.Locator("li.incident-row")).ToHaveCountAsync(before + 1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The page reloaded instead of updating in place.");

        await Screenshots.SaveAsync(page, "dashboard-live-update");
        browser.AssertNoErrors();
    }
}
