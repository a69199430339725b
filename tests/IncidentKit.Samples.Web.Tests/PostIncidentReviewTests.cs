using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IncidentKit.Samples.Web.Tests;

// The follow-up of an incident in Debian's Chromium: the post-incident review section of the incident page (its history
// part, the authors' form, action items, concurrency), the dashboard's action-item list and its period report. One
// sample server serves the whole class; each test works on incidents of its own.
public sealed class PostIncidentReviewTests(ReviewDesk desk) : IClassFixture<ReviewDesk>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReviewSection_SaveReviewAndAddActionItem_PersistsAcrossReload()
    {
        var id = await desk.OpenAndResolveAsync("Label printers offline in the warehouse", "Hardware/Printers", Ct, paged: true);
        // A resolved incident nobody reviewed yet: the API's documented answer is 404 "no review yet".
        await using var browser = await StartAsync(id, r => r.Status == 404 && r.Url.Contains($"/api/incidents/{id}/review?", StringComparison.Ordinal));
        var page = browser.Page;

        var review = page.Locator("#review");
        await Expect(review.GetByRole(AriaRole.Heading, new() { Name = "Post-incident review" })).ToBeVisibleAsync();
        await Expect(page.Locator("#review-message")).ToContainTextAsync("No review yet");
        await review.GetByLabel("Summary").FillAsync("Warehouse label printers dropped off the network for 40 minutes.");
        await review.GetByLabel("Root cause").FillAsync("A DHCP scope ran out of leases.");
        await review.GetByLabel("Contributing factors").FillAsync("No alert on scope usage\n\nPrinters on the guest VLAN");
        await review.GetByLabel("What went well").FillAsync("Ops found the cause within minutes");
        await review.GetByLabel("What went badly").FillAsync("Nobody owned the DHCP server");
        await review.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("published");
        await review.GetByRole(AriaRole.Button, new() { Name = "Start the review" }).ClickAsync();

        await Expect(page.Locator("#review-result")).ToHaveTextAsync("Review started and saved.");
        // The history part appears once the review exists: the impact window, the durations and the escalation.
        await Expect(page.Locator("#review-facts")).ToContainTextAsync("Impact window");
        await Expect(page.Locator("#review-facts")).ToContainTextAsync("Time to resolve");
        await Expect(page.Locator("#review-facts")).ToContainTextAsync("Acknowledged by");
        await Expect(page.Locator("#review-escalation li").First).ToContainTextAsync(new Regex("escalation, level 1, round 1 · paged \\w+"));
        await Expect(page.Locator("#review-sla li").Filter(new() { HasText = "Response met" })).ToBeVisibleAsync();
        await Expect(page.Locator("#review-state")).ToContainTextAsync("Published");
        await Expect(page.Locator("#review-markdown")).ToHaveAttributeAsync("href", new Regex($"^/api/incidents/{id}/review/markdown\\?zone=Europe%2FLondon$"));
        // The export link works with the page's session alone, as the browser follows it.
        var markdown = await page.EvaluateAsync<string>("async () => (await fetch(document.getElementById('review-markdown').href)).text()");
        Assert.Contains("# Post-incident review: Label printers offline in the warehouse", markdown, StringComparison.Ordinal);
        Assert.Contains("A DHCP scope ran out of leases", markdown, StringComparison.Ordinal);

        var items = page.Locator("#item-form");
        await items.GetByLabel("What is to be done").FillAsync("Alert at 80 % DHCP scope usage");
        await items.GetByLabel("Owner (user id)").FillAsync("grace");
        await items.GetByLabel("Due in business days").FillAsync("3");
        await items.GetByLabel("Ticket link (optional)").FillAsync("https://tracker.example/OPS-812");
        await items.GetByRole(AriaRole.Button, new() { Name = "Add action item" }).ClickAsync();
        var row = page.Locator("#review-items li").Filter(new() { HasText = "Alert at 80 % DHCP scope usage" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.Locator("#item-result")).ToContainTextAsync("Added “Alert at 80 % DHCP scope usage”");

        await page.ReloadAsync();

        await Expect(review.GetByLabel("Summary")).ToHaveValueAsync("Warehouse label printers dropped off the network for 40 minutes.");
        await Expect(review.GetByLabel("Contributing factors")).ToHaveValueAsync("No alert on scope usage\nPrinters on the guest VLAN");
        await Expect(review.GetByLabel("Status", new() { Exact = true })).ToHaveValueAsync("published");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("grace");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = "Ticket" })).ToHaveAttributeAsync("href", "https://tracker.example/OPS-812");

        var stored = await desk.ReviewAsync(id, Ct);
        Assert.Equal("Warehouse label printers dropped off the network for 40 minutes.", stored.GetProperty("authoredSummary").GetString());
        Assert.Equal("A DHCP scope ran out of leases.", stored.GetProperty("authoredRootCause").GetString());
        Assert.Equal(["No alert on scope usage", "Printers on the guest VLAN"], stored.GetProperty("contributingFactors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("published", stored.GetProperty("status").GetString());
        var item = Assert.Single(stored.GetProperty("actionItems").EnumerateArray());
        Assert.Equal("Alert at 80 % DHCP scope usage", item.GetProperty("title").GetString());
        Assert.Equal("grace", item.GetProperty("owner").GetString());

        // The status of an item changes from the page, and the API keeps it.
        await row.GetByLabel("Status").SelectOptionAsync("in-progress");
        await Expect(page.Locator("#item-result")).ToContainTextAsync("is now in progress");
        stored = await desk.ReviewAsync(id, Ct);
        Assert.Equal("in-progress", Assert.Single(stored.GetProperty("actionItems").EnumerateArray()).GetProperty("status").GetString());

        await Screenshots.SaveAsync(page, "incident-review");
        if (Environment.GetEnvironmentVariable("INCIDENTKIT_REVIEW_SCREENSHOT") is { Length: > 0 } docs)
        {
            await review.ScreenshotAsync(new LocatorScreenshotOptions { Path = docs });
        }

        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ReviewSection_SomeoneElseSavedFirst_SaysSoAndKeepsTheirVersion()
    {
        var id = await desk.OpenAndResolveAsync("Badge readers reject valid cards", "Facilities/Access", Ct);
        await desk.PutReviewAsync(id, new { summary = "First draft", status = "draft" }, "\"0\"", Ct);
        await using var browser = await StartAsync(expectedFailure: r => r.Status == 412 && r.Url.Contains($"/api/incidents/{id}/review", StringComparison.Ordinal));
        var page = browser.Page;
        // A page that has not heard of the colleague's save: without the live stream (the worker still writes to the resolved
        // incident for a few seconds, and each change would re-read the review) it re-reads only every 30 s.
        await page.RouteAsync("**/api/incidents/stream", route => route.AbortAsync());
        await page.GotoAsync($"/incident.html?id={id}");
        var summary = page.Locator("#review").GetByLabel("Summary");
        await Expect(summary).ToHaveValueAsync("First draft");

        // A colleague saves while this page still shows version 1.
        await desk.PutReviewAsync(id, new { summary = "The colleague's summary", status = "draft" }, "\"1\"", Ct);
        await summary.FillAsync("My summary, written on a stale page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();

        await Expect(page.Locator("#review-result")).ToContainTextAsync("Not saved: someone else saved this review after you opened it");
        await Expect(page.Locator("#review-result")).ToHaveClassAsync(new Regex("\\berror\\b"));
        await Expect(summary).ToHaveValueAsync("The colleague's summary");
        var conflict = page.GetByRole(AriaRole.Region, new() { Name = "Your unsaved text" });
        await Expect(conflict).ToContainTextAsync("My summary, written on a stale page");
        Assert.Equal("The colleague's summary", (await desk.ReviewAsync(id, Ct)).GetProperty("authoredSummary").GetString());

        // Putting one's own text back and saving again is a decision, made on the latest version: it now succeeds.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Put my text back in the form" }).ClickAsync();
        await Expect(summary).ToHaveValueAsync("My summary, written on a stale page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save review" }).ClickAsync();
        await Expect(page.Locator("#review-result")).ToHaveTextAsync("Review saved.");
        Assert.Equal("My summary, written on a stale page", (await desk.ReviewAsync(id, Ct)).GetProperty("authoredSummary").GetString());
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ReviewSection_ColleagueSavesWhileTyping_NextRereadKeepsTypedTextBesideTheirs()
    {
        var id = await desk.OpenAndResolveAsync("Wi-Fi drops in meeting rooms", "Network/Wireless", Ct);
        await desk.PutReviewAsync(id, new { summary = "First draft", status = "draft" }, "\"0\"", Ct);
        await using var browser = await StartAsync(id);
        var page = browser.Page;
        await Expect(page.Locator("#live-status")).ToHaveAttributeAsync("data-state", "live");
        var summary = page.Locator("#review").GetByLabel("Summary");
        await Expect(summary).ToHaveValueAsync("First draft");
        await summary.FillAsync("Half-written on this page");

        // A colleague saves, then the incident changes, so the page re-reads the review while this person is typing.
        await desk.PutReviewAsync(id, new { summary = "The colleague's summary", status = "draft" }, "\"1\"", Ct);
        using (var client = desk.Server.ApiClient())
        {
            using var update = await client.PostAsJsonAsync(new Uri($"/api/incidents/{id}/status-update", UriKind.Relative),
                new { text = "Fixed; the review follows.", audience = "Internal" }, Ct);
            Assert.True(update.IsSuccessStatusCode, $"status-update answered {(int)update.StatusCode}");
        }

        await Expect(page.Locator("#review-result")).ToContainTextAsync("Someone else saved this review meanwhile");
        await Expect(summary).ToHaveValueAsync("The colleague's summary");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Your unsaved text" })).ToContainTextAsync("Half-written on this page");
        Assert.Equal("The colleague's summary", (await desk.ReviewAsync(id, Ct)).GetProperty("authoredSummary").GetString());
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ReviewSection_InvalidActionItem_ShowsProblemNextToField()
    {
        var id = await desk.OpenAndResolveAsync("Meeting room screens stay black", "Hardware/Displays", Ct);
        await desk.PutReviewAsync(id, new { summary = "Screens", status = "draft" }, "\"0\"", Ct);
        await using var browser = await StartAsync(id, r => r.Status == 400 && r.Url.EndsWith($"/api/incidents/{id}/review/action-items", StringComparison.Ordinal));
        var page = browser.Page;
        var items = page.Locator("#item-form");
        await items.GetByLabel("What is to be done").FillAsync("Replace the HDMI switches");
        await items.GetByLabel("Owner (user id)").FillAsync("alice");
        await items.GetByLabel("Due on").FillAsync("2027-01-15");
        await items.GetByLabel("Ticket link (optional)").FillAsync("OPS-9");
        await items.GetByRole(AriaRole.Button, new() { Name = "Add action item" }).ClickAsync();

        var ticket = items.GetByLabel("Ticket link (optional)");
        await Expect(ticket).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#item-ticket-error")).ToContainTextAsync("'OPS-9' is not an absolute http or https address");
        await Expect(ticket).ToBeFocusedAsync();
        Assert.Empty((await desk.ReviewAsync(id, Ct)).GetProperty("actionItems").EnumerateArray());
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Dashboard_ReportLink_OpensPeriodReportWithResolvedIncidentsCategory()
    {
        await desk.OpenAndResolveAsync("Scanner queue stuck", "Hardware/Scanners", Ct);
        await using var browser = await StartAsync();
        var page = browser.Page;
        var reports = page.GetByRole(AriaRole.Region, new() { Name = "Reports" });
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // The browser runs in Europe/London: today there is today in UTC give or take a date change at midnight.
        await Expect(reports.GetByLabel("Last day")).ToHaveValueAsync(new Regex("^\\d{4}-\\d{2}-\\d{2}$"));
        var last = DateTime.ParseExact(await reports.GetByLabel("Last day").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var first = DateTime.ParseExact(await reports.GetByLabel("First day").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((last - DateTime.ParseExact(today, "yyyy-MM-dd", CultureInfo.InvariantCulture)).TotalDays) <= 1);
        Assert.Equal(89, (last - first).TotalDays);
        await Expect(reports.GetByRole(AriaRole.Link, new() { Name = "Download CSV" })).ToHaveAttributeAsync("href", new Regex("^/api/reports/incidents\\.csv\\?from="));
        var csv = await page.EvaluateAsync<string>("async () => (await fetch(document.getElementById('report-csv').href)).text()");
        Assert.Contains(",Scanner queue stuck,", csv, StringComparison.Ordinal);
        Assert.Contains("Hardware/Scanners", csv, StringComparison.Ordinal);

        await reports.GetByRole(AriaRole.Link, new() { Name = "Open the report" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/api/reports/incidents\\.html\\?from=[^&]+&to=[^&]+&zone=Europe%2FLondon$"));
        await Expect(page.Locator("body")).ToContainTextAsync("Hardware/Scanners");
        // The session cookie authenticated it: no key or token in any address the page asked for.
        Assert.DoesNotContain(browser.RequestedUrls, u => u.Contains("ik_", StringComparison.Ordinal));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Dashboard_ActionItems_ListsPendingItemsEarliestFirstAndSaysOverdue()
    {
        var id = await desk.OpenAndResolveAsync("Shared drive full", "Storage/Files", Ct);
        await desk.PutReviewAsync(id, new { summary = "Disk full", status = "draft" }, "\"0\"", Ct);
        var past = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var future = DateTime.UtcNow.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await desk.AddActionItemAsync(id, new { title = "Archive 2019 projects", owner = "carol", dueOn = future }, Ct);
        await desk.AddActionItemAsync(id, new { title = "Quota alerts for the shared drive", owner = "grace", dueOn = past }, Ct);
        await using var browser = await StartAsync();
        var page = browser.Page;
        var list = page.GetByRole(AriaRole.Region, new() { Name = "Action items" });

        var overdue = list.Locator("li").Filter(new() { HasText = "Quota alerts for the shared drive" });
        var later = list.Locator("li").Filter(new() { HasText = "Archive 2019 projects" });
        await Expect(overdue).ToContainTextAsync("Overdue");
        await Expect(overdue).ToContainTextAsync("grace");
        await Expect(later).ToBeVisibleAsync();
        await Expect(later).Not.ToContainTextAsync("Overdue");
        var titles = await list.Locator("li .action-item-title").AllTextContentsAsync();
        Assert.True(titles.ToList().IndexOf("Quota alerts for the shared drive") < titles.ToList().IndexOf("Archive 2019 projects"), string.Join(" | ", titles));

        await Screenshots.SaveAsync(page, "dashboard-action-items");

        await overdue.GetByRole(AriaRole.Link, new() { Name = "Quota alerts for the shared drive" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/incident\\.html\\?id={id}#review$"));
        await Expect(page.Locator("#review-items li").Filter(new() { HasText = "Quota alerts for the shared drive" })).ToContainTextAsync("Overdue");
        browser.AssertNoErrors();
    }

    // Signs in (landing on the dashboard), then opens the incident's page when one is named; expectedFailure names the
    // failed answer the test makes the page handle.
    private async Task<BrowserSession> StartAsync(string? incidentId = null, Func<IResponse, bool>? expectedFailure = null)
    {
        var browser = await BrowserSession.StartAsync(desk.Server.BaseAddress);
        if (expectedFailure is not null)
        {
            browser.ExpectedFailures.Add(expectedFailure);
        }

        await browser.SignInAsync(SampleServer.AdminKey);
        if (incidentId is not null)
        {
            await browser.Page.GotoAsync($"/incident.html?id={incidentId}");
        }

        return browser;
    }
}
