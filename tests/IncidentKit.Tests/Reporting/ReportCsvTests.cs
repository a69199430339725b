using IncidentKit.Reporting;
using NodaTime;
using static IncidentKit.Tests.Reporting.ReportStory;

namespace IncidentKit.Tests.Reporting;

public sealed class ReportCsvTests
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 1, 10, 0);

    private static IncidentReportRow Row(ReportStory story)
    {
        var accumulator = new IncidentMetricsAccumulator(new IncidentMetricsOptions { Tenant = Tenant, Period = new Interval(T, T + Duration.FromDays(1)) });
        return accumulator.AddAndMeasure(story.History)!;
    }

    [Fact]
    public void FormatRow_CommaQuoteAndLineBreakInText_QuotedPerRfc4180()
    {
        var row = Row(Open(T, category: "Network/DNS", service: "api, \"edge\"", team: "line\nbreak").Ack(T + Duration.FromSeconds(90)).Resolve(T + Duration.FromMinutes(10)));

        var record = ReportCsv.FormatRow(row);

        Assert.EndsWith("\r\n", record, StringComparison.Ordinal);
        Assert.Contains(",Network/DNS,\"api, \"\"edge\"\"\",\"line\nbreak\",false,2026-06-01T10:00:00Z,,2026-06-01T10:01:30Z,2026-06-01T10:10:00Z,,,90,600,90,600,0,0,0,0,0,0\r\n",
            record, StringComparison.Ordinal);
        Assert.StartsWith(row.Times.Id + ",Incident,P2,", record, StringComparison.Ordinal);
    }

    [Fact]
    public void FormatRow_TextStartingLikeAFormula_GetsAnApostrophe()
    {
        var record = ReportCsv.FormatRow(Row(Open(T, service: "=HYPERLINK(\"x\")", team: "+1", category: null)));

        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",'+1,", record, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_NamesEveryField_OneRecordWithCrLf()
    {
        var fields = ReportCsv.Header.TrimEnd('\r', '\n').Split(',');
        var record = ReportCsv.FormatRow(Row(Open(T)));

        Assert.EndsWith("\r\n", ReportCsv.Header, StringComparison.Ordinal);
        Assert.Equal(23, fields.Length);
        Assert.Equal(fields.Length, record.TrimEnd('\r', '\n').Split(',').Length);
    }
}
