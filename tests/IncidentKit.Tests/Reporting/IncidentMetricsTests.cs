using System.Runtime.CompilerServices;
using IncidentKit.Reporting;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.Reporting.ReportStory;

namespace IncidentKit.Tests.Reporting;

public sealed class IncidentMetricsTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 6, 1, 0, 0);
    private static readonly IncidentMetricsOptions Options = new() { Tenant = Tenant, Period = new Interval(Start, Start + Duration.FromDays(7)) };

    private static async IAsyncEnumerable<IncidentHistory> Histories(int count, Action<int>? onEach = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            onEach?.Invoke(i);
            await Task.Yield();
            yield return Open(Start + Duration.FromMinutes(i)).Ack(Start + Duration.FromMinutes(i + 1)).History;
        }
    }

    [Fact]
    public async Task ComputeAsync_Stream_ReportsProgressAndRows()
    {
        var progress = new List<ReportProgress>();
        var rows = 0;

        var report = await IncidentMetrics.ComputeAsync(Histories(2500, cancellationToken: TestContext.Current.CancellationToken), Options, (row, _) =>
        {
            rows++;
            Assert.Equal(Duration.FromMinutes(1), row.Times.TimeToAcknowledge);
            return ValueTask.CompletedTask;
        }, new SyncProgress(progress), TestContext.Current.CancellationToken);

        Assert.Equal(2500, report.Opened);
        Assert.Equal(2500, rows);
        Assert.Equal([1000L, 2000L, 2500L], progress.Select(p => p.Incidents));
        Assert.Equal(5000, progress[^1].Events);
    }

    [Fact]
    public async Task ComputeAsync_CancelledMidway_ThrowsAndStopsReading()
    {
        using var cts = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await IncidentMetrics.ComputeAsync(
            Histories(10_000, i =>
            {
                read = i;
                if (i == 100)
                {
                    cts.Cancel();
                }
            }, TestContext.Current.CancellationToken), Options, cancellationToken: cts.Token));

        Assert.InRange(read, 100, 101);
    }

    [Fact]
    public async Task ReadAndComputeAsync_InMemoryStore_MeasuresOnlyTheTenantsActiveIncidents()
    {
        var store = new InMemoryIncidentStore();
        var incidents = new IncidentKit.Incidents.IncidentService(store, NodaTime.Testing.FakeClock.FromUtc(2026, 6, 1, 10, 0, 0));
        var ct = TestContext.Current.CancellationToken;
        var mine = await incidents.OpenAsync(Tenant, new IncidentKit.Incidents.NewIncident
        {
            Title = "mine", Impact = IncidentKit.Prioritization.Impact.High, Urgency = IncidentKit.Prioritization.Urgency.High,
        }, Alice, cancellationToken: ct);
        await incidents.OpenAsync(new TenantId("globex"), new IncidentKit.Incidents.NewIncident
        {
            Title = "theirs", Impact = IncidentKit.Prioritization.Impact.High, Urgency = IncidentKit.Prioritization.Urgency.High,
        }, Alice, cancellationToken: ct);

        var report = await IncidentMetrics.ReadAndComputeAsync(store, Options, cancellationToken: ct);

        Assert.Equal(1, report.Opened);
        Assert.Equal(1, report.HistoriesRead);
        Assert.NotNull(mine);
    }

    [Fact]
    public async Task ReadAndComputeAsync_ReadmeSnippet_RunsAsWritten()
    {
        var store = new InMemoryIncidentStore();

        // The README's "Reports" snippet, verbatim: keep the two in step.
#pragma warning disable xUnit1051
        var report = await IncidentMetrics.ReadAndComputeAsync(store, new IncidentMetricsOptions
        {
            Tenant = new TenantId("acme"),
            Period = new Interval(Instant.FromUtc(2026, 1, 1, 0, 0), Instant.FromUtc(2026, 4, 1, 0, 0)),
            Zone = DateTimeZoneProviders.Tzdb["Europe/London"],
            Granularity = ReportGranularity.Month,
        });
        string page = ReportHtml.Render(report);   // one self-contained page: inline CSS and SVG, no scripts
#pragma warning restore xUnit1051

        // 1 April 00:00 UTC is 01:00 in London (BST): the period's last hour is in April there, so four months show.
        Assert.Equal([1, 2, 3, 4], report.Trend.Select(p => p.Start.Month));
        Assert.Contains("<svg", page, StringComparison.Ordinal);
    }

    private sealed class SyncProgress(List<ReportProgress> seen) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => seen.Add(value);
    }
}
