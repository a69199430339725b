using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;

namespace IncidentKit.Sqlite.Tests;

// Issue 11 §4: the console sample's `report` command writes a self-contained page from its own SQLite data, and a real
// headless Chromium draws it as a picture that is not blank.
public sealed class ReportHtmlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Render_ConsoleSampleReportInHeadlessChromium_DrawsAPictureThatIsNotBlank()
    {
        var chromium = ChromiumPath();
        var directory = Directory.CreateTempSubdirectory("incidentkit-report-").FullName;
        try
        {
            var html = Path.Combine(directory, "report.html");
            var (exit, output) = await RunAsync("dotnet", [SamplePath(), "report", html], directory, TimeSpan.FromMinutes(3));
            Assert.True(exit == 0, output);
            Assert.Contains("PAGE level 1", output, StringComparison.Ordinal);
            Assert.Contains("incidents, ", output, StringComparison.Ordinal);
            Assert.Contains("[##############################]", output, StringComparison.Ordinal);

            var page = await File.ReadAllTextAsync(html, Ct);
            Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http://", page, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
            Assert.True(page.Split("<svg").Length - 1 >= 5, "expected the trend, SLA, category and heat-map charts as inline SVG");
            var csv = await File.ReadAllLinesAsync(Path.Combine(directory, "report.csv"), Ct);
            Assert.StartsWith("incident,title,priority", csv[0], StringComparison.Ordinal);
            Assert.True(csv.Length > 800, $"expected a row per incident, got {csv.Length - 1}");

            var png = Path.Combine(directory, "report.png");
            var (shot, shotOutput) = await RunAsync(chromium,
                ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,2600", $"--screenshot={png}", new Uri(html).AbsoluteUri],
                directory, TimeSpan.FromMinutes(1));
            Assert.True(shot == 0 && File.Exists(png), shotOutput);

            var (width, height, colours, inked) = Png.Measure(await File.ReadAllBytesAsync(png, Ct));
            Assert.Equal((1100, 2600), (width, height));
            Assert.True(colours >= 100, $"only {colours} distinct colours: the page looks blank");
            Assert.True(inked > width * height / 50, $"only {inked} of {width * height} pixels differ from the background");

            var results = Path.Combine(AppContext.BaseDirectory, "TestResults");
            Directory.CreateDirectory(results);
            File.Copy(png, Path.Combine(results, "report.png"), overwrite: true);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The README's "Reports" section shows the picture this test takes: checked in, it must still be that picture, not blank.
    [Fact]
    public async Task ReadmeScreenshot_CheckedIn_IsANonBlankPictureOfTheReportAtTheTestsSize()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "IncidentKit.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("IncidentKit.sln not found above " + AppContext.BaseDirectory);
        }

        var readme = await File.ReadAllTextAsync(Path.Combine(root.FullName, "README.md"), Ct);
        var reports = readme[readme.IndexOf("\n## Reports", StringComparison.Ordinal)..];
        var image = System.Text.RegularExpressions.Regex.Match(reports[..Math.Max(reports.IndexOf("\n## ", 1, StringComparison.Ordinal), 0)], @"!\[[^\]]*\]\((?<path>[^)]+\.png)\)");
        Assert.True(image.Success, "the README's Reports section shows no screenshot");

        var (width, height, colours, inked) = Png.Measure(await File.ReadAllBytesAsync(Path.Combine(root.FullName, image.Groups["path"].Value), Ct));
        Assert.Equal((1100, 2600), (width, height));
        Assert.True(colours >= 100, $"only {colours} distinct colours: the README's picture looks blank");
        Assert.True(inked > width * height / 50, $"only {inked} of {width * height} pixels differ from the background");
    }

    internal static string SamplePath()
    {
        var path = typeof(ReportHtmlTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConsoleSamplePath").Value!;
        Assert.True(File.Exists(path), $"the console sample is not built at {path}");
        return path;
    }

    // INCIDENTKIT_CHROMIUM (CI exports it), else chromium on the PATH; missing, the test fails under CI and skips locally.
    private static string ChromiumPath()
    {
        if (Environment.GetEnvironmentVariable("INCIDENTKIT_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "chromium")).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        const string message = "The report test needs Chromium: install Debian's chromium or set INCIDENTKIT_CHROMIUM.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return null!;
    }

    internal static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    // Just enough PNG (8-bit RGB or RGBA, non-interlaced, as Chromium writes) to count what was drawn.
    private static class Png
    {
        public static (int Width, int Height, int Colours, long Inked) Measure(byte[] file)
        {
            Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], file[..8]);
            int width = 0, height = 0, channels = 0;
            using var idat = new MemoryStream();
            for (var at = 8; at < file.Length;)
            {
                var length = (file[at] << 24) | (file[at + 1] << 16) | (file[at + 2] << 8) | file[at + 3];
                var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
                var data = file.AsSpan(at + 8, length);
                if (type == "IHDR")
                {
                    width = (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3];
                    height = (data[4] << 24) | (data[5] << 16) | (data[6] << 8) | data[7];
                    Assert.Equal(8, data[8]);
                    Assert.Equal(0, data[12]);
                    channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]}") };
                }
                else if (type == "IDAT")
                {
                    idat.Write(data);
                }

                at += 12 + length;
            }

            idat.Position = 0;
            using var inflated = new MemoryStream();
            using (var z = new ZLibStream(idat, CompressionMode.Decompress))
            {
                z.CopyTo(inflated);
            }

            var raw = inflated.GetBuffer();
            var stride = width * channels;
            var previous = new byte[stride];
            var line = new byte[stride];
            var colours = new HashSet<int>();
            long inked = 0;
            for (var y = 0; y < height; y++)
            {
                var offset = y * (stride + 1);
                var filter = raw[offset];
                for (var x = 0; x < stride; x++)
                {
                    int a = x >= channels ? line[x - channels] : 0, b = previous[x], c = x >= channels ? previous[x - channels] : 0;
                    var value = raw[offset + 1 + x];
                    line[x] = (byte)(filter switch
                    {
                        0 => value,
                        1 => value + a,
                        2 => value + b,
                        3 => value + ((a + b) / 2),
                        4 => value + Paeth(a, b, c),
                        _ => throw new InvalidDataException($"filter {filter}"),
                    });
                }

                for (var x = 0; x < stride; x += channels)
                {
                    var rgb = (line[x] << 16) | (line[x + 1] << 8) | line[x + 2];
                    colours.Add(rgb);
                    if (rgb is not 0xF8FAFC and not 0xFFFFFF)
                    {
                        inked++;
                    }
                }

                (previous, line) = (line, previous);
            }

            return (width, height, colours.Count, inked);
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
