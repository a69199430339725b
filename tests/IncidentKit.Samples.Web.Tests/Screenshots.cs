using Microsoft.Playwright;

namespace IncidentKit.Samples.Web.Tests;

// Saves screenshots next to the TRX report: the directory given to the test host with --results-directory, else the
// test host's default (TestResults under the output folder).
internal static class Screenshots
{
    public static string Directory { get; } = Resolve();

    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(Directory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.SendDiagnosticMessage($"Screenshot: {path}");
        return path;
    }

    private static string Resolve()
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.FindIndex(args, a => a is "--results-directory" or "-results-directory");
        var directory = index >= 0 && index + 1 < args.Length
            ? Path.GetFullPath(args[index + 1])
            : Path.Combine(AppContext.BaseDirectory, "TestResults");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
