using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentKit.Samples.Web;

namespace IncidentKit.Samples.Web.Tests;

// Issue 13 §7: the README's "Alert intake" section, run as written against the running web sample: its /v2/enqueue curl lines
// through a real curl, and its Alertmanager configuration for the sample through a real prometheus-alertmanager. Only the
// sample's address (localhost:5000) and, for listing, the admin key this test host sets are substituted.
public sealed partial class ReadmeAlertIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readme_EnqueueCurlLines_OpenThenAcknowledgeTheIncidentTheSectionNames()
    {
        var block = SampleBlock("sh", "localhost:5000/v2/enqueue");
        var commands = Commands(block);
        Assert.Equal(3, commands.Count);
        Assert.Contains(SampleOptions.DevelopmentAdminKey, commands[1], StringComparison.Ordinal);
        var answer = Regex.Match(block, @"^# (\{.*\})$", RegexOptions.Multiline).Groups[1].Value;
        await using var server = SampleServer.Start();
        string Here(string command) => command.Replace("http://localhost:5000", server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
            .Replace(SampleOptions.DevelopmentAdminKey, SampleServer.AdminKey, StringComparison.Ordinal);

        var triggered = await ShellAsync(Here(commands[0]));
        Assert.Equal(JsonDocument.Parse(answer).RootElement.ToString(), JsonDocument.Parse(triggered).RootElement.ToString());
        var incident = await EventuallyAsync(server, "Disk full on srv01", "new");
        Assert.Equal("P1", incident.GetProperty("priority").GetString());
        Assert.Contains("Disk full on srv01", await ShellAsync(Here(commands[1])), StringComparison.Ordinal);

        await ShellAsync(Here(commands[2]));
        await EventuallyAsync(server, "Disk full on srv01", "acknowledged");
    }

    [Fact]
    public async Task Readme_AlertmanagerConfigForTheSample_DeliversToItAndOpensAnIncident()
    {
        var alertmanager = AlertmanagerPath();
        var config = SampleBlock("yaml", "localhost:5000/alerts/alertmanager");
        Assert.Contains(SampleOptions.DevelopmentIntegrationKey, config, StringComparison.Ordinal);
        await using var server = SampleServer.Start();
        var directory = Directory.CreateTempSubdirectory("incidentkit-readme-am-").FullName;
        var port = FreePort();
        using var process = Start(alertmanager, directory, port,
            config.Replace("http://localhost:5000", server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var api = new Uri($"http://127.0.0.1:{port}");
            await WaitReadyAsync(http, new Uri(api, "/-/ready"), process);
            var alert = $$"""
                [{"labels":{"alertname":"DiskFull","instance":"srv01","severity":"critical","service":"storage"},
                  "annotations":{"summary":"Disk full on srv01 (from Alertmanager)"},"startsAt":"{{DateTimeOffset.UtcNow.AddSeconds(-5):O}}"}]
                """;
            using (var posted = await http.PostAsync(new Uri(api, "/api/v2/alerts"), new StringContent(alert, Encoding.UTF8, "application/json"), Ct))
            {
                posted.EnsureSuccessStatusCode();
            }

            // The README's group_wait is 10 s.
            var incident = await EventuallyAsync(server, "Disk full on srv01 (from Alertmanager)", "new", TimeSpan.FromSeconds(45));
            Assert.Equal(("storage", "P1"), (incident.GetProperty("service").GetString(), incident.GetProperty("priority").GetString()));
        }
        finally
        {
            // By pid: only the process this test started.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
                await process.WaitForExitAsync(Ct);
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    // The fenced block of the README's "Alert intake" section in the given language whose text contains the marker.
    private static string SampleBlock(string language, string marker)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var start = readme.IndexOf("\n## Alert intake", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"## Alert intake\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = readme[start..(end < 0 ? readme.Length : end)];
        var blocks = FencedBlock().Matches(section).Where(m => m.Groups["lang"].Value == language && m.Groups["body"].Value.Contains(marker, StringComparison.Ordinal)).ToList();
        return Assert.Single(blocks).Groups["body"].Value;
    }

    // Each curl command of a shell block as written (continued lines, and a quoted body across lines, kept for the shell).
    private static List<string> Commands(string block)
    {
        var commands = new List<StringBuilder>();
        var open = false;
        foreach (var line in block.Split('\n'))
        {
            if (line.StartsWith("curl ", StringComparison.Ordinal))
            {
                commands.Add(new StringBuilder(line));
                open = true;
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                open = false;
            }
            else if (open)
            {
                commands[^1].Append('\n').Append(line);
            }
        }

        return [.. commands.Select(c => c.ToString())];
    }

    private static async Task<string> ShellAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"`{command}` exited with {process.ExitCode}: {await error}");
        return await output;
    }

    private static async Task<JsonElement> EventuallyAsync(SampleServer server, string title, string state, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = (await server.OpenIncidentsAsync(Ct)).Where(i => i.GetProperty("title").GetString() == title).ToList();
            if (found.Count == 1 && found[0].GetProperty("state").GetString() == state)
            {
                return found[0];
            }

            Assert.True(found.Count <= 1, $"{found.Count} incidents titled '{title}'; expected one.");
            Assert.True(DateTime.UtcNow < deadline, $"No incident '{title}' in state {state} in time.");
            await Task.Delay(200, Ct);
        }
    }

    private static Process Start(string alertmanager, string directory, int port, string config)
    {
        var file = Path.Combine(directory, "alertmanager.yml");
        File.WriteAllText(file, config);
        var start = new ProcessStartInfo(alertmanager) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--config.file={file}", $"--storage.path={directory}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitReadyAsync(HttpClient http, Uri ready, Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            Assert.False(process.HasExited, "Alertmanager exited: the README's configuration does not load.");
            try
            {
                using var response = await http.GetAsync(ready, Ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"{ready} did not become ready.");
            await Task.Delay(100, Ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // INCIDENTKIT_ALERTMANAGER (CI exports it), else prometheus-alertmanager on the PATH; missing, the test fails under CI.
    private static string AlertmanagerPath()
    {
        var path = Environment.GetEnvironmentVariable("INCIDENTKIT_ALERTMANAGER") is { Length: > 0 } configured && File.Exists(configured) ? configured
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "prometheus-alertmanager")).FirstOrDefault(File.Exists);
        if (path is not null)
        {
            return path;
        }

        const string message = "prometheus-alertmanager is not installed (set INCIDENTKIT_ALERTMANAGER or put it on PATH).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI must run the real monitoring tests. " + message);
        }

        Assert.Skip(message);
        return null!;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IncidentKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("IncidentKit.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]+)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
