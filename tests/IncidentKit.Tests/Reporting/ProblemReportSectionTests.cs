using IncidentKit.Incidents;
using IncidentKit.Problems;
using IncidentKit.Reporting;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Tests.Reporting;

public sealed class ProblemReportSectionTests
{
    private static readonly TenantId Acme = new("acme");
    private static readonly UserId Pat = new("pat");
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 0, 0);

    [Fact]
    public async Task Render_ProblemsOfThePeriod_MostLinkedFirstEncodedAndOthersLeftOut()
    {
        var report = await IncidentMetrics.ComputeAsync(Empty(), new IncidentMetricsOptions { Tenant = Acme, Period = new Interval(Start, Start + Duration.FromDays(30)) },
            cancellationToken: TestContext.Current.CancellationToken);
        var pool = Open("DB <pool> exhaustion", Start + Duration.FromDays(2), 4).RecordRootCause("max pool size 10 & no alert", Start + Duration.FromDays(3), Pat).DeclareKnownError(Start + Duration.FromDays(3), Pat);
        var disk = Open("Disk fills", Start - Duration.FromDays(20), 2);
        var old = Open("Old cert expiry", Start - Duration.FromDays(90), 6).Resolve("automated renewal", Start - Duration.FromDays(60), Pat);
        var later = Open("Opened after the period", Start + Duration.FromDays(40), 9);
        var foreign = Problem.Open(ProblemId.New(), new TenantId("other"), "Other tenant's problem", Pat, Start, Pat, Incidents(5));

        var html = ReportHtml.Render(report, new ReportHtmlOptions { Sections = [new ProblemReportSection([disk, old, later, foreign, pool])] });

        var section = html[html.IndexOf("<h2>Problem records</h2>", StringComparison.Ordinal)..];
        Assert.True(section.IndexOf("DB &lt;pool&gt; exhaustion", StringComparison.Ordinal) < section.IndexOf("Disk fills", StringComparison.Ordinal));
        Assert.Contains("known error", section, StringComparison.Ordinal);
        Assert.Contains("max pool size 10 &amp; no alert", section, StringComparison.Ordinal);
        Assert.Contains("<title>4 incidents</title>", section, StringComparison.Ordinal);
        Assert.DoesNotContain("Old cert expiry", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Opened after the period", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Other tenant", html, StringComparison.Ordinal);
    }

    // Whether a problem was open during the period comes from its audit trail, not its state now (found by review): an edit
    // after the resolution, or a reopening after the period, does not put a problem resolved before the period into it.
    [Fact]
    public async Task Render_ProblemsResolvedBeforeOrReopenedInsideThePeriod_JudgedByTheirAuditTrail()
    {
        var period = new Interval(Start, Start + Duration.FromDays(30));
        var report = await IncidentMetrics.ComputeAsync(Empty(), new IncidentMetricsOptions { Tenant = Acme, Period = period },
            cancellationToken: TestContext.Current.CancellationToken);
        Problem Resolved(string title, Instant at) => Open(title, Start - Duration.FromDays(90), 1).Resolve("renewed", at, Pat);
        var edited = Resolved("Edited after resolution", Start - Duration.FromDays(60)).RecordRootCause("cron job disabled", Start + Duration.FromDays(5), Pat);
        var reopenedAfter = Resolved("Reopened after the period", Start - Duration.FromDays(60)).Reopen("back", Start + Duration.FromDays(40), Pat);
        var atStart = Resolved("Resolved as the period began", Start);
        var reopenedInside = Resolved("Reopened inside the period", Start - Duration.FromDays(60)).Reopen("back", Start + Duration.FromDays(10), Pat)
            .Resolve("fixed", Start + Duration.FromDays(12), Pat);
        var resolvedInside = Resolved("Resolved inside the period", Start + Duration.FromDays(1));

        var html = new ProblemReportSection([edited, reopenedAfter, atStart, reopenedInside, resolvedInside]).RenderHtml(report);

        Assert.DoesNotContain("Edited after resolution", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Reopened after the period", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Resolved as the period began", html, StringComparison.Ordinal);
        Assert.Contains("Reopened inside the period", html, StringComparison.Ordinal);
        Assert.Contains("Resolved inside the period", html, StringComparison.Ordinal);
        Assert.True(reopenedAfter.WasUnresolvedDuring(new Interval(Start + Duration.FromDays(41), null)));
    }

    [Fact]
    public async Task Render_NoProblemsInPeriod_SaysSo()
    {
        var report = await IncidentMetrics.ComputeAsync(Empty(), new IncidentMetricsOptions { Tenant = Acme, Period = new Interval(Start, Start + Duration.FromDays(1)) },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("<p>No problem record was open during the period.</p>\n", new ProblemReportSection([]).RenderHtml(report));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProblemReportSection([], top: 0));
    }

    private static Problem Open(string title, Instant at, int incidents) => Problem.Open(ProblemId.New(), Acme, title, Pat, at, Pat, Incidents(incidents));

    private static IncidentId[] Incidents(int count) => [.. Enumerable.Range(0, count).Select(_ => IncidentId.New())];

#pragma warning disable CS1998 // an empty stream
    private static async IAsyncEnumerable<IncidentHistory> Empty()
    {
        yield break;
    }
#pragma warning restore CS1998
}
