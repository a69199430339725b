using System.Text;
using IncidentKit.Calendars;
using IncidentKit.Reporting;
using IncidentKit.Sqlite;
using NodaTime;

namespace IncidentKit.Samples.Console;

/// <summary>The <c>report</c> command: a quarter of the desk's history in SQLite, measured into report.html and report.csv.</summary>
internal static class ReportCommand
{
    public static async Task RunAsync(SqliteIncidentStore store, TextWriter output, string htmlPath, CancellationToken cancellationToken = default)
    {
        // The story's outage is the last of a quarter of incidents: seed the twelve weeks before it, then measure all thirteen.
        var zone = Story.London;
        var from = new LocalDate(2026, 1, 5).AtStartOfDayInZone(zone).ToInstant();
        var to = new LocalDate(2026, 4, 6).AtStartOfDayInZone(zone).ToInstant();
        const int count = 900;
        output.WriteLine();
        output.WriteLine($"Seeding {count} incidents from {from} to the story into SQLite…");
        foreach (var history in SyntheticIncidents.Generate(Story.Tenant, from, new LocalDate(2026, 3, 27).AtStartOfDayInZone(zone).ToInstant(), count, seed: 11, zone))
        {
            await store.AppendAsync(SyntheticIncidents.ChangeFor(history), cancellationToken);
        }

        var options = new IncidentMetricsOptions
        {
            Tenant = Story.Tenant,
            Period = new Interval(from, to),
            Zone = zone,
            Calendar = BusinessCalendar.FromJson("""
                { "timeZone": "Europe/London",
                  "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"], "wednesday": ["09:00-17:30"],
                              "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] },
                  "holidays": ["2026-04-03", "2026-04-06"] }
                """),
        };

        var csvPath = Path.ChangeExtension(htmlPath, ".csv");
        await using var csv = new StreamWriter(csvPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        await csv.WriteAsync(ReportCsv.Header);
        var bar = new ProgressBar(output, count + 1);
        var row = new StringBuilder(256);
        var report = await IncidentMetrics.ReadAndComputeAsync(store, options, async (r, ct) =>
        {
            row.Clear();
            await csv.WriteAsync(ReportCsv.AppendRow(row, r), ct);
        }, bar, cancellationToken);
        bar.Finish();

        await File.WriteAllTextAsync(htmlPath, ReportHtml.Render(report, new ReportHtmlOptions { Title = "Acme operations: first quarter 2026" }), cancellationToken);
        output.WriteLine($"Report: {report.Opened} incidents opened, MTTA {ReportHtml.FormatDuration(report.Mtta)}, MTTR {ReportHtml.FormatDuration(report.Mttr)}, " +
                         $"{report.SlaBreaches} SLA breaches; wrote {Path.GetFullPath(htmlPath)} and {Path.GetFileName(csvPath)}.");
    }

    // Draws "[#####.....] 450/901 incidents" on one console line; IProgress<T> reports arrive on the computing thread.
    private sealed class ProgressBar(TextWriter output, long total) : IProgress<ReportProgress>
    {
        private const int Width = 30;

        public void Report(ReportProgress value)
        {
            var filled = (int)Math.Min(Width, value.Incidents * Width / Math.Max(1, total));
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {value.Incidents}/{total} incidents, {value.Events} events");
        }

        public void Finish() => output.WriteLine();
    }
}
