using IncidentKit.Reporting;
using NodaTime;
using static IncidentKit.Tests.Reporting.ReportStory;

namespace IncidentKit.Tests.Reporting;

public sealed class ReportHtmlTests
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 10, 0);

    private static IncidentMetricsReport Report()
    {
        var accumulator = new IncidentMetricsAccumulator(new IncidentMetricsOptions { Tenant = Tenant, Period = new Interval(T, T + Duration.FromDays(14)) });
        accumulator.Add(Open(T, service: "<img src=x onerror=alert(1)>").Page(T + Duration.FromMinutes(1), 1, Bob).Ack(T + Duration.FromMinutes(4), Bob)
            .Met(IncidentKit.Sla.SlaTargetKind.Response, T + Duration.FromMinutes(4)).Resolve(T + Duration.FromHours(2)).History);
        accumulator.Add(Open(T + Duration.FromDays(8), service: "<img src=x onerror=alert(1)>").Ack(T + Duration.FromDays(8) + Duration.FromMinutes(9)).History);
        return accumulator.ToReport();
    }

    [Fact]
    public void Render_Report_SelfContainedWithEveryChartAndEncodedText()
    {
        var page = ReportHtml.Render(Report(), new ReportHtmlOptions { Title = "Ops <review>" });

        Assert.StartsWith("<!DOCTYPE html>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page, StringComparison.Ordinal);
        Assert.Contains("<title>Ops &lt;review&gt;</title>", page, StringComparison.Ordinal);
        foreach (var id in new[] { "headline", "trend", "sla", "categories", "heatmap", "oncall", "recurring", "trend-table" })
        {
            Assert.Contains($"<section id=\"{id}\">", page, StringComparison.Ordinal);
        }

        Assert.Contains("<polyline class=\"mtta\"", page, StringComparison.Ordinal);
        Assert.Contains("Mon 10:00: 1 pages", page, StringComparison.Ordinal);
        Assert.Contains("P2 response: 1 met, 0 breached", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExtraSection_IsAddedAfterTheBuiltInOnes()
    {
        var page = ReportHtml.Render(Report(), new ReportHtmlOptions { Sections = [new Section("Problems", "<p>PRB-1 known error</p>")] });

        Assert.Contains("<h2>Problems</h2>\n<p>PRB-1 known error</p>", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("PRB-1", StringComparison.Ordinal) > page.IndexOf("id=\"recurring\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_ExtraSectionWithAScript_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ReportHtml.Render(Report(), new ReportHtmlOptions { Sections = [new Section("Bad", "<SCRIPT>x()</SCRIPT>")] }));

        Assert.Contains("Bad", e.Message, StringComparison.Ordinal);
    }

    // An event handler is a script and a remote resource a fetch: both passed the old "<script" guard (found by review).
    [Theory]
    [InlineData("<img src=\"x\" onerror=\"alert(1)\">")]
    [InlineData("<img/onerror=alert(1) src=#>")]
    [InlineData("<img src=\"https://tracker.example/pixel.png\">")]
    [InlineData("<svg><image href=\"https://tracker.example/p.svg\"/></svg>")]
    [InlineData("<link rel=\"stylesheet\" href=\"https://cdn.example/x.css\">")]
    [InlineData("<iframe srcdoc=\"x\"></iframe>")]
    [InlineData("<p style=\"background: URL(https://tracker.example/p.png)\">x</p>")]
    [InlineData("<style>@import 'https://cdn.example/x.css';</style>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    public void Render_ExtraSectionThatRunsOrFetches_ThrowsNamingIt(string fragment)
    {
        var e = Assert.Throws<ArgumentException>(() => ReportHtml.Render(Report(), new ReportHtmlOptions { Sections = [new Section("Bad", fragment)] }));

        Assert.Contains("'Bad'", e.Message, StringComparison.Ordinal);
    }

    // Only markup is judged: encoded text that reads like code, a link for the reader to follow, local anchors and inline SVG pass.
    [Fact]
    public void Render_ExtraSectionsWithEncodedTextAndLinks_AreKeptEachWithItsOwnId()
    {
        var text = ReportHtml.Encode("The callback url(s) broke: javascript: heap out of memory; onerror=retry");
        var page = ReportHtml.Render(Report(), new ReportHtmlOptions
        {
            Sections =
            [
                new Section("Text", $"<p>{text}</p>"),
                new Section("Links", "<p><a href=\"https://tracker.example/T-9\">T-9</a> <a href=\"#sla\">SLA</a></p><svg role=\"img\" aria-label=\"on call: 3\"><rect width=\"3\" height=\"3\"/></svg>"),
            ],
        });

        Assert.Contains($"<section id=\"extra-1\"><h2>Text</h2>\n<p>{text}</p>", page, StringComparison.Ordinal);
        Assert.Contains("<section id=\"extra-2\"><h2>Links</h2>", page, StringComparison.Ordinal);
    }

    // The on-call table says whose zone its hours are in: each person's own only when the report was given people's zones.
    [Fact]
    public void Render_OnCallHours_NameTheZoneTheyAreCountedIn()
    {
        var options = new IncidentMetricsOptions { Tenant = Tenant, Period = new Interval(T, T + Duration.FromDays(14)), Zone = DateTimeZoneProviders.Tzdb["Europe/Paris"] };
        string Page(IncidentMetricsOptions o)
        {
            var accumulator = new IncidentMetricsAccumulator(o);
            accumulator.Add(Open(T).Page(T + Duration.FromMinutes(1), 1, Bob).History);
            return ReportHtml.Render(accumulator.ToReport());
        }

        Assert.Contains("in Europe/Paris (the report's zone; no person's own zone was given).", Page(options), StringComparison.Ordinal);
        Assert.Contains("each in the person's own zone (Europe/Paris for people without one).",
            Page(options with { PersonZones = new Dictionary<UserId, DateTimeZone> { [Bob] = DateTimeZoneProviders.Tzdb["Asia/Tokyo"] } }), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(3_660, "1h 01m")]
    [InlineData(90_000, "1d 1h")]
    public void FormatDuration_Seconds_ReadsAsPeopleWriteIt(int seconds, string expected) =>
        Assert.Equal(expected, ReportHtml.FormatDuration(Duration.FromSeconds(seconds)));

    private sealed class Section(string title, string html) : IReportSection
    {
        public string Title => title;

        public string RenderHtml(IncidentMetricsReport report) => html;
    }
}
