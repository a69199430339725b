using System.Globalization;
using System.Text;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Reporting;

/// <summary>Writes the per-incident rows behind a report as CSV (RFC 4180).</summary>
/// <remarks>
/// <para>Fields that hold a comma, a double quote, a carriage return or a line feed are enclosed in double quotes, with each
/// double quote doubled; records end with CRLF; the first record is <see cref="Header"/>. Instants are ISO 8601 in UTC with a
/// <c>Z</c>; durations are whole seconds (rounded toward zero); an empty field means "none".</para>
/// <para>Free-text fields (title, category, service, team) that begin with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a
/// carriage return get a leading apostrophe, so that a spreadsheet opening the file never runs them as formulas (OWASP's
/// advice on CSV injection).</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class ReportCsv
{
    /// <summary>Gets the header record, CRLF included.</summary>
    public static string Header { get; } =
        "incident,title,priority,category,service,team,exercise,opened_at,alert_started_at,acknowledged_at,resolved_at,cancelled_at," +
        "time_to_detect_s,time_to_acknowledge_s,time_to_resolve_s,business_time_to_acknowledge_s,business_time_to_resolve_s,hold_s," +
        "reopens,escalation_depth,pages,sla_met,sla_breached\r\n";

    /// <summary>Appends one row as a CSV record, CRLF included.</summary>
    /// <param name="builder">The builder to append to.</param>
    /// <param name="row">The row.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="row"/> is null.</exception>
    public static StringBuilder AppendRow(StringBuilder builder, IncidentReportRow row)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(row);
        var t = row.Times;
        builder.Append(t.Id.ToString()).Append(',');
        Text(builder, t.Title);
        builder.Append(',').Append(t.Priority.ToString()).Append(',');
        Text(builder, t.Category?.Value);
        builder.Append(',');
        Text(builder, t.Service);
        builder.Append(',');
        Text(builder, t.Team);
        builder.Append(',').Append(t.IsExercise ? "true" : "false").Append(',');
        At(builder, t.OpenedAt).Append(',');
        At(builder, t.AlertStartedAt).Append(',');
        At(builder, t.FirstAcknowledgedAt).Append(',');
        At(builder, t.ResolvedAt).Append(',');
        At(builder, t.CancelledAt).Append(',');
        Seconds(builder, t.TimeToDetect).Append(',');
        Seconds(builder, t.TimeToAcknowledge).Append(',');
        Seconds(builder, t.TimeToResolve).Append(',');
        Seconds(builder, row.BusinessTimeToAcknowledge).Append(',');
        Seconds(builder, row.BusinessTimeToResolve).Append(',');
        Seconds(builder, t.HoldTime).Append(',');
        return builder.Append(CultureInfo.InvariantCulture, $"{t.ReopenCount},{t.EscalationDepth},{t.Pages},{t.SlaMet},{t.SlaBreached}\r\n");
    }

    /// <summary>Returns one row as a CSV record, CRLF included.</summary>
    /// <param name="row">The row.</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="row"/> is null.</exception>
    public static string FormatRow(IncidentReportRow row) => AppendRow(new StringBuilder(256), row).ToString();

    private static void Text(StringBuilder builder, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            builder.Append(value);
            return;
        }

        builder.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    private static StringBuilder At(StringBuilder builder, Instant? at) =>
        at is { } value ? builder.Append(InstantPattern.ExtendedIso.Format(value)) : builder;

    private static StringBuilder Seconds(StringBuilder builder, Duration? duration) =>
        duration is { } d ? builder.Append(((long)d.TotalSeconds).ToString(CultureInfo.InvariantCulture)) : builder;
}
