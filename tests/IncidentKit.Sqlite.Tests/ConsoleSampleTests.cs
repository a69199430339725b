using System.Text.RegularExpressions;

namespace IncidentKit.Sqlite.Tests;

// Issue 13 §7: the console sample's alert-storm scene, run as a process: many alerts (each delivered twice, as an HA pair of
// Alertmanagers does) become one incident per alert group with one page each.
public sealed partial class ConsoleSampleTests
{
    [Fact]
    public async Task Run_AlertStormScene_ManyAlertsBecomeOneIncidentPerGroupWithOnePageEach()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-console-").FullName;
        try
        {
            var (exit, output) = await ReportHtmlTests.RunAsync("dotnet", [ReportHtmlTests.SamplePath()], directory, TimeSpan.FromMinutes(2));
            Assert.True(exit == 0, output);

            var storm = Storm().Match(output);
            Assert.True(storm.Success, "no alert-storm scene in the output:\n" + output);
            var (deliveries, alerts, records, repeats) = (Number(storm, "deliveries"), Number(storm, "alerts"), Number(storm, "records"), Number(storm, "repeats"));
            Assert.Equal((alerts * 2, alerts, alerts), (deliveries, records, repeats));
            Assert.True(alerts >= 100, $"only {alerts} alerts: not a storm");

            var groups = Group().Matches(output);
            Assert.True(groups.Count >= 2, output);
            Assert.All(groups, g => Assert.Equal("1", g.Groups["pages"].Value));
            Assert.Equal(alerts, groups.Sum(g => Number(g, "linked")));
            var total = Totals().Match(output);
            Assert.Equal((groups.Count, groups.Count, deliveries), (Number(total, "incidents"), Number(total, "pages"), Number(total, "deliveries")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Alert storm: (?<deliveries>\d+) deliveries \((?<alerts>\d+) alerts, each from both Alertmanagers of an HA pair\); (?<records>\d+) inbox records, (?<repeats>\d+) repeats only counted\.")]
    private static partial Regex Storm();

    [GeneratedRegex(@"^  P\d [^:\n]+: (?<linked>\d+) alerts linked, (?<pages>\d+) page", RegexOptions.Multiline)]
    private static partial Regex Group();

    [GeneratedRegex(@"(?<incidents>\d+) incidents and (?<pages>\d+) pages for (?<deliveries>\d+) deliveries\.")]
    private static partial Regex Totals();
}
