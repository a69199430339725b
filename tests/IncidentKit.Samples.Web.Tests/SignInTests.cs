using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IncidentKit.Samples.Web.Tests;

// Signing in through the form: a wrong key is refused in place, the right one opens the dashboard, and the key never
// appears in any address the browser requests.
public sealed class SignInTests
{
    [Fact]
    public async Task SignIn_WrongThenRightKey_ShowsErrorThenDashboardAndKeyNeverInUrl()
    {
        await using var server = SampleServer.Start();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync("/");
        await page.WaitForURLAsync(url => new Uri(url).PathAndQuery == "/signin.html?returnUrl=%2F");

        const string wrongKey = "ik_not_a_real_key_0000000000000000";
        await page.GetByLabel("API key").FillAsync(wrongKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not accepted");
        Assert.EndsWith("/signin.html?returnUrl=%2F", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("API key").FillAsync(SampleServer.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open incidents", Exact = false })).ToBeVisibleAsync();
        await Expect(page.Locator("li.incident-row").First).ToBeVisibleAsync();

        var cookies = await browser.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.HttpOnly && c.SameSite != SameSiteAttribute.None);
        Assert.DoesNotContain(browser.RequestedUrls, u => u.Contains(SampleServer.AdminKey, StringComparison.Ordinal) || u.Contains(wrongKey, StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin.html");
        await Screenshots.SaveAsync(page, "signin");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Dashboard_PhoneViewport_FitsWithoutSidewaysScrolling()
    {
        await using var server = SampleServer.Start();
        await using var browser = await BrowserSession.StartAsync(server.BaseAddress, width: 390, height: 844);
        await browser.SignInAsync(SampleServer.AdminKey);
        var page = browser.Page;
        await Expect(page.Locator("li.incident-row").First).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than a 390px phone screen.");

        // Keyboard only: the skip link comes first, then the incident links are reachable with Tab and open with Enter.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(":focus")).ToHaveTextAsync("Skip to the incidents");
        var firstLink = page.Locator("li.incident-row h3 a").First;
        var title = await firstLink.TextContentAsync();
        for (var i = 0; i < 10 && !await firstLink.EvaluateAsync<bool>("a => a === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(firstLink).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = title! })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "incident-phone", fullPage: false);
        browser.AssertNoErrors();
    }
}
