#if NET10_0_OR_GREATER
using System.Reflection;
#endif

namespace IncidentKit.Simulation.Tests;

// The README's "Drills and what-if" section prints what the tabletop sample prints from these files; these tests keep it true.
public sealed class TabletopSampleTests
{
    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    [Fact]
    public void Compare_SampleSchedulesOverJanuary_PrintsTheReadmeHeadline()
    {
        var weekly = SimulationConfiguration.FromJson(Read("weekly.json"));
        var followTheSun = SimulationConfiguration.FromJson(Read("follow-the-sun.json"));

        var comparison = Simulator.Compare(Scenario.FromJson(Read("january.json"), weekly), weekly, followTheSun);

        Assert.Equal("weekly vs follow-the-sun: night pages 38 → 3, p90 time to acknowledge 10.8 min → 6.4 min, breaches 11 → 0", comparison.Headline());
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "README.md"));
        Assert.Contains(comparison.ToText().TrimEnd(), readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Finish_SampleDrill_EscalatesPastTheSilentPhoneEachTime()
    {
        var drill = new TabletopExercise(Scenario.FromJson(Read("drill.json"), SimulationConfiguration.FromJson(Read("weekly.json"))));

        var report = drill.Finish();

        Assert.Equal((2, 4, 2, 2), (report.Summary.Incidents, report.Summary.Pages, report.Summary.UnreachableSteps, report.Summary.SlaBreaches));
        Assert.All(report.Incidents, i => Assert.Equal(new UserId("mia"), i.AcknowledgedBy));
        Assert.Equal(["#payments-drill"], report.Notifications.Keys);
    }

#if NET10_0_OR_GREATER
    [Fact]
    public async Task Main_SampleProcess_PrintsEveryTextBlockOfTheReadmeSection()
    {
        var sample = typeof(TabletopSampleTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TabletopSamplePath").Value!;
        Assert.True(File.Exists(sample), $"the tabletop sample is not built at {sample}");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(sample)! };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(sample);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        var printed = (await output).ReplaceLineEndings("\n");
        Assert.True(process.ExitCode == 0, await errors);

        // Every ```text block of the README's "Drills and what-if" section is a piece of what the sample prints.
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("## Drills and what-if", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("\n## ", 3, StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];
        var blocks = section.Split("```text\n")[1..].Select(b => b[..b.IndexOf("```", StringComparison.Ordinal)].TrimEnd()).ToList();
        Assert.Equal(2, blocks.Count);
        Assert.All(blocks, block => Assert.Contains(block, printed, StringComparison.Ordinal));
    }
#endif
}
