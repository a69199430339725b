using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace IncidentKit.Samples.Web.Tests;

// Debian's Chromium driven by Playwright's bundled driver: no browser download. The path comes from INCIDENTKIT_CHROMIUM
// (CI exports it) or /usr/bin/chromium.
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Gets the address of every request the page made, to check no API key ever appears in one.</summary>
    public List<string> RequestedUrls { get; } = [];

    /// <summary>Gets the console errors and uncaught exceptions of the page's scripts.</summary>
    public List<string> ScriptErrors { get; } = [];

    /// <summary>Gets the failed answers a test expects the page to get and handle (such as 404 "no review yet" or a 412
    /// for a stale ETag); every other failed load still counts as an error.</summary>
    public List<Func<IResponse, bool>> ExpectedFailures { get; } = [];

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("INCIDENTKIT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<BrowserSession> StartAsync(Uri baseAddress, int width = 1280, int height = 900)
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"Chromium not found at {ChromiumPath}; install Debian's chromium or set INCIDENTKIT_CHROMIUM.");
        }

        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-GB",
            TimezoneId = "Europe/London",
        });
        // Generous: CI machines are shared; every wait still ends as soon as its condition holds.
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(playwright, browser, context, page);
        page.Request += (_, request) => session.RequestedUrls.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                session.ScriptErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => session.ScriptErrors.Add(error);
        page.Response += (_, response) =>
        {
            // A 401 is how the pages learn they must sign in; any other failed load is a defect.
            if (response.Status >= 400 && response.Status != 401 && !session.ExpectedFailures.Any(expected => expected(response)))
            {
                session.ScriptErrors.Add($"{response.Status} {response.Url}");
            }
        };
        return session;
    }

    /// <summary>Signs in through the form with the key, as a person would, and waits for the dashboard.</summary>
    public async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync("/signin.html");
        await Page.GetByLabel("API key").FillAsync(apiKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("^[^?#]*//[^/]+/$"));
    }

    /// <summary>Fails when the page logged a script error or a resource failed to load.</summary>
    public void AssertNoErrors() =>
        Assert.True(ScriptErrors.Count == 0, "The page reported errors:" + Environment.NewLine + string.Join(Environment.NewLine, ScriptErrors));

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
