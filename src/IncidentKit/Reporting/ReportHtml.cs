using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IncidentKit.Sla;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Reporting;

/// <summary>Renders a metrics report as one self-contained HTML page: inline CSS and SVG charts, no scripts, nothing fetched.</summary>
/// <remarks>
/// <para>Sections: headline figures; MTTA and MTTR trend lines; SLA compliance per priority; incidents per category; an hour ×
/// weekday heat map of pages in the report's zone; on-call load; recurring service and category pairs (a stand-in for problem
/// records, which <see cref="IReportSection"/> extensions can add); the trend as a table. Every chart states its numbers in
/// text too (labels and SVG titles), so colour is never the only signal.</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static partial class ReportHtml
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly LocalDatePattern ShortDate = LocalDatePattern.CreateWithInvariantCulture("d MMM");
    private static readonly LocalDatePattern LongDate = LocalDatePattern.CreateWithInvariantCulture("d MMM uuuu");
    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Renders a report as an HTML page.</summary>
    /// <param name="report">The report.</param>
    /// <param name="options">The title and extra sections; <see langword="null"/> takes the defaults.</param>
    /// <returns>The whole page, UTF-8 ready text starting with <c>&lt;!DOCTYPE html&gt;</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentException">An extra section's HTML runs a script or fetches something: a <c>script</c>,
    /// <c>iframe</c>, <c>frame</c>, <c>object</c>, <c>embed</c>, <c>link</c>, <c>meta</c> or <c>base</c> element, an event
    /// handler attribute (<c>on…=</c>), a <c>src</c>, <c>srcset</c>, <c>poster</c>, <c>action</c>, <c>formaction</c>,
    /// <c>background</c> or <c>data</c> attribute, an <c>href</c> on anything but <c>a</c> (except to <c>#</c> or
    /// <c>data:</c>), a <c>javascript:</c> address in an attribute, or a CSS <c>url(</c> or <c>@import</c> in a <c>style</c>
    /// element or attribute. A guard against mistakes, not a
    /// sanitiser: sections encode untrusted text with <see cref="Encode(string)"/>.</exception>
    public static string Render(IncidentMetricsReport report, ReportHtmlOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= new ReportHtmlOptions();
        var o = report.Options;
        var zone = o.Zone;
        var from = o.Period.Start.InZone(zone).Date;
        var to = (o.Period.End - Duration.Epsilon).InZone(zone).Date;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(options.Title)).Append("</title>\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n")
            .Append("<header><h1>").Append(Encode(options.Title)).Append("</h1><p>Tenant <strong>").Append(Encode(o.Tenant.Value))
            .Append("</strong> · ").Append(LongDate.Format(from)).Append(" – ").Append(LongDate.Format(to)).Append(" (").Append(Encode(zone.Id)).Append(')')
            .Append(o.IncludeExercises ? " · exercises included" : " · exercises left out").Append("</p></header>\n");

        Headline(html, report);
        // Two charts, each on its own scale: resolution times would flatten acknowledgement times on a shared axis.
        Section(html, "trend", "Time to acknowledge and resolve",
            TrendChart(report, p => p.Mtta, "mtta", "MTTA (mean time to acknowledge)") + TrendChart(report, p => p.Mttr, "mttr", "MTTR (mean time to resolve)"));
        Section(html, "sla", "SLA compliance per priority", SlaChart(report));
        Section(html, "categories", "Incidents per category", CategoryChart(report));
        Section(html, "heatmap", $"Pages by hour and weekday ({Encode(zone.Id)})", HeatMap(report));
        Section(html, "oncall", "On-call load", OnCallTable(report));
        Section(html, "recurring", "Top recurring problems", RecurringTable(report, options.TopRecurring));
        if (report.RunbookSteps.Count > 0)
        {
            Section(html, "runbooks", "Runbook steps", RunbookTable(report));
        }

        for (var i = 0; i < options.Sections.Count; i++)
        {
            var section = options.Sections[i];
            var fragment = section.RenderHtml(report);
            if (ActiveContent(fragment) is { } found)
            {
                throw new ArgumentException(
                    $"Report section '{section.Title}' holds {found}; the report runs no scripts and fetches nothing (encode text with ReportHtml.Encode).",
                    nameof(options));
            }

            Section(html, $"extra-{i + 1}", Encode(section.Title), fragment);
        }

        Section(html, "trend-table", "Trend (table)", TrendTable(report));
        html.Append("<footer><p>").Append(report.HistoriesRead.ToString("N0", Invariant)).Append(" incident histories and ")
            .Append(report.EventsRead.ToString("N0", Invariant)).Append(" events read.");
        if (options.GeneratedAt is { } at)
        {
            html.Append(" Generated ").Append(InstantPattern.General.Format(at)).Append('.');
        }

        html.Append(" MTTA and MTTR as PagerDuty defines them: from opening to the first acknowledgement and to the (last) resolution; percentiles by nearest rank.</p></footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Encodes text for HTML element content and quoted attribute values.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The encoded text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Formats a duration for people: "45s", "12m", "3h 05m", "2d 4h"; "–" for none.</summary>
    /// <param name="duration">The duration, or <see langword="null"/>.</param>
    /// <returns>The text.</returns>
    public static string FormatDuration(Duration? duration)
    {
        if (duration is not { } d)
        {
            return "–";
        }

        var seconds = (long)Math.Round(d.TotalSeconds);
        return seconds switch
        {
            < 60 => $"{seconds}s",
            < 3600 => $"{seconds / 60}m",
            < 86_400 => $"{seconds / 3600}h {seconds % 3600 / 60:00}m",
            _ => $"{seconds / 86_400}d {seconds % 86_400 / 3600}h",
        };
    }

    // What in an extra section's HTML would run a script or fetch something (see Render's exceptions), or null. Only markup is
    // judged: encoded text ("the callback url(s)", "javascript: heap out of memory") is not.
    private static string? ActiveContent(string fragment)
    {
        foreach (Match style in StylePattern().Matches(fragment))
        {
            if (Fetches(style.Groups["css"].Value))
            {
                return "a CSS url( or @import in a <style> element";
            }
        }

        foreach (Match tag in TagPattern().Matches(fragment))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            if (name is "script" or "iframe" or "frame" or "object" or "embed" or "link" or "meta" or "base")
            {
                return $"a <{name}> element";
            }

            foreach (Match attribute in AttributePattern().Matches(tag.Groups["attributes"].Value))
            {
                var attributeName = attribute.Groups["name"].Value.ToLowerInvariant();
                var value = attribute.Groups["value"].Value.Trim('"', '\'', ' ');
                var local = value.StartsWith('#') || value.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
                if (attributeName.StartsWith("on", StringComparison.Ordinal))
                {
                    return $"an event handler ({attributeName}) on <{name}>";
                }

                if (value.Contains("javascript:", StringComparison.OrdinalIgnoreCase) || (attributeName == "style" && Fetches(value)))
                {
                    return $"a script or fetch in the {attributeName} attribute of <{name}>";
                }

                if ((attributeName is "src" or "srcset" or "poster" or "action" or "formaction" or "background" or "data"
                        || (attributeName is "href" or "xlink:href" && name != "a")) && !local)
                {
                    return $"a {attributeName} attribute on <{name}> that fetches '{value}'";
                }
            }
        }

        return null;
    }

    private static bool Fetches(string css) =>
        css.Contains("url(", StringComparison.OrdinalIgnoreCase) || css.Contains("@import", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"<style[^>]*>(?<css>.*?)(?:</style|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex StylePattern();

    [GeneratedRegex(@"<(?<name>[a-zA-Z][a-zA-Z0-9:-]*)(?<attributes>[^>]*)>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"(?<name>[^\s""'>/=]+)\s*(?:=\s*(?<value>""[^""]*""|'[^']*'|[^\s>]+))?")]
    private static partial Regex AttributePattern();

    private static void Section(StringBuilder html, string id, string encodedTitle, string body) =>
        html.Append("<section id=\"").Append(id).Append("\"><h2>").Append(encodedTitle).Append("</h2>\n").Append(body).Append("</section>\n");

    private static void Headline(StringBuilder html, IncidentMetricsReport r)
    {
        var sla = r.SlaMet + r.SlaBreaches == 0 ? "–" : (100.0 * r.SlaMet / (r.SlaMet + r.SlaBreaches)).ToString("0.0", Invariant) + " %";
        (string Label, string Value, string Note)[] tiles =
        [
            ("Opened", r.Opened.ToString("N0", Invariant), $"{r.Resolved.ToString("N0", Invariant)} resolved in the period"),
            ("MTTA", FormatDuration(r.Mtta), $"median {FormatDuration(r.TimeToAcknowledge.Median)} · p90 {FormatDuration(r.TimeToAcknowledge.P90)}"),
            ("MTTR", FormatDuration(r.Mttr), $"median {FormatDuration(r.TimeToResolve.Median)} · p90 {FormatDuration(r.TimeToResolve.P90)}"),
            ("MTTR, business time", FormatDuration(r.BusinessTimeToResolve.Mean), $"p99 {FormatDuration(r.BusinessTimeToResolve.P99)}, holds left out"),
            ("Time to detect", FormatDuration(r.TimeToDetect.Mean), $"{r.TimeToDetect.Count.ToString("N0", Invariant)} alert-started incidents"),
            ("SLA met", sla, $"{r.SlaBreaches.ToString("N0", Invariant)} breaches"),
            ("Reopen rate", r.ReopenRate is { } rate ? (rate * 100).ToString("0.0", Invariant) + " %" : "–", $"{r.Reopened.ToString("N0", Invariant)} reopened"),
            ("Escalation depth", r.MeanEscalationDepth is { } depth ? depth.ToString("0.00", Invariant) : "–", $"{r.ManualEscalations.ToString("N0", Invariant)} manual escalations"),
        ];
        html.Append("<section id=\"headline\"><h2 class=\"visually-hidden\">Headline figures</h2><dl class=\"tiles\">\n");
        foreach (var (label, value, note) in tiles)
        {
            html.Append("<div class=\"tile\"><dt>").Append(Encode(label)).Append("</dt><dd><span class=\"value\">").Append(Encode(value))
                .Append("</span><span class=\"note\">").Append(Encode(note)).Append("</span></dd></div>\n");
        }

        html.Append("</dl></section>\n");
    }

    private static string TrendChart(IncidentMetricsReport r, Func<TrendPoint, Duration?> value, string css, string name)
    {
        var points = r.Trend;
        if (points.Count == 0)
        {
            return "<p>No trend points.</p>\n";
        }

        const double width = 760, height = 230, left = 70, right = 20, top = 20, bottom = 50;
        var max = points.Select(value).Where(d => d.HasValue).Select(d => d!.Value.TotalMinutes).DefaultIfEmpty(0).Max();
        var scale = NiceCeiling(Math.Max(max, 1));
        double X(int i) => points.Count == 1 ? left + ((width - left - right) / 2) : left + (i * (width - left - right) / (points.Count - 1));
        double Y(double minutes) => top + ((height - top - bottom) * (1 - (minutes / scale)));

        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"{css}-title\" class=\"chart\">")
            .Append("<title id=\"").Append(css).Append("-title\">").Append(name).Append(" per ").Append(r.Options.Granularity == ReportGranularity.Month ? "month" : "ISO week").Append("</title>\n");
        for (var g = 0; g <= 4; g++)
        {
            var minutes = scale * g / 4;
            var y = Y(minutes);
            svg.Append(Invariant, $"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" class=\"grid\"/>")
                .Append(Invariant, $"<text x=\"{left - 8}\" y=\"{y + 4:0.#}\" text-anchor=\"end\" class=\"axis\">{FormatDuration(Duration.FromMinutes(minutes))}</text>\n");
        }

        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 12.0));
        for (var i = 0; i < points.Count; i += every)
        {
            svg.Append(Invariant, $"<text x=\"{X(i):0.#}\" y=\"{height - bottom + 18}\" text-anchor=\"middle\" class=\"axis\">{ShortDate.Format(points[i].Start)}</text>\n");
        }

        Line(svg, points, value, css, css.ToUpperInvariant(), X, Y);
        svg.Append(Invariant, $"<g class=\"legend\"><line x1=\"{left}\" x2=\"{left + 24}\" y1=\"{height - 12}\" y2=\"{height - 12}\" class=\"{css}\"/><text x=\"{left + 30}\" y=\"{height - 8}\">{name}</text></g>\n")
            .Append("</svg>\n");
        return svg.ToString();
    }

    private static void Line(StringBuilder svg, IReadOnlyList<TrendPoint> points, Func<TrendPoint, Duration?> value, string css, string name,
        Func<int, double> x, Func<double, double> y)
    {
        // A point without a value breaks the line rather than dropping to zero.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1)
            {
                svg.Append("<polyline class=\"").Append(css).Append("\" points=\"").AppendJoin(' ', segment).Append("\"/>\n");
            }

            segment.Clear();
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (value(points[i]) is not { } d)
            {
                Flush();
                continue;
            }

            var px = x(i);
            var py = y(d.TotalMinutes);
            segment.Add(string.Create(Invariant, $"{px:0.#},{py:0.#}"));
            svg.Append(Invariant, $"<circle cx=\"{px:0.#}\" cy=\"{py:0.#}\" r=\"3.5\" class=\"{css}\"><title>{name} {ShortDate.Format(points[i].Start)}: {FormatDuration(d)} ({points[i].Opened} opened)</title></circle>\n");
        }

        Flush();
    }

    private static string SlaChart(IncidentMetricsReport r)
    {
        var rows = r.SlaBy(ReportDimension.Priority)
            .Where(e => e.Met + e.Breached > 0)
            .OrderBy(e => PriorityOrder(e.Value)).ThenBy(e => e.Target)
            .ToList();
        if (rows.Count == 0)
        {
            return "<p>No SLA clock was decided for incidents opened in the period.</p>\n";
        }

        const double barLeft = 150, barWidth = 480, rowHeight = 28;
        var height = (rows.Count * rowHeight) + 30;
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg viewBox=\"0 0 760 {height}\" role=\"img\" aria-labelledby=\"sla-title\" class=\"chart\"><title id=\"sla-title\">Share of SLA clocks met, per priority and target</title>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var e = rows[i];
            var percent = e.PercentMet!.Value;
            var y = 10 + (i * rowHeight);
            var band = percent >= 95 ? "good" : percent >= 80 ? "fair" : "poor";
            svg.Append(Invariant, $"<text x=\"{barLeft - 10}\" y=\"{y + 16}\" text-anchor=\"end\">{Encode(e.Value)} {TargetName(e.Target)}</text>")
                .Append(Invariant, $"<rect x=\"{barLeft}\" y=\"{y + 3}\" width=\"{barWidth}\" height=\"18\" class=\"track\"/>")
                .Append(Invariant, $"<rect x=\"{barLeft}\" y=\"{y + 3}\" width=\"{barWidth * percent / 100:0.#}\" height=\"18\" class=\"{band}\"><title>{Encode(e.Value)} {TargetName(e.Target)}: {e.Met} met, {e.Breached} breached</title></rect>")
                .Append(Invariant, $"<text x=\"{barLeft + barWidth + 8}\" y=\"{y + 16}\">{percent:0.0} % ({e.Met}/{e.Met + e.Breached})</text>\n");
        }

        svg.Append(Invariant, $"<line x1=\"{barLeft + (barWidth * 0.95):0.#}\" x2=\"{barLeft + (barWidth * 0.95):0.#}\" y1=\"5\" y2=\"{height - 20}\" class=\"target\"/>")
            .Append(Invariant, $"<text x=\"{barLeft + (barWidth * 0.95):0.#}\" y=\"{height - 6}\" text-anchor=\"middle\" class=\"axis\">95 %</text></svg>\n");
        return svg.ToString();
    }

    private static string CategoryChart(IncidentMetricsReport r)
    {
        var rows = r.CountsBy(ReportDimension.Category).Take(12).ToList();
        if (rows.Count == 0)
        {
            return "<p>No incidents were opened in the period.</p>\n";
        }

        const double barLeft = 220, barWidth = 440, rowHeight = 26;
        var max = rows.Max(c => c.Count);
        var height = (rows.Count * rowHeight) + 10;
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg viewBox=\"0 0 760 {height}\" role=\"img\" aria-labelledby=\"cat-title\" class=\"chart\"><title id=\"cat-title\">Incidents opened per category</title>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var c = rows[i];
            var y = 5 + (i * rowHeight);
            svg.Append(Invariant, $"<text x=\"{barLeft - 10}\" y=\"{y + 16}\" text-anchor=\"end\">{Encode(Shorten(c.Value, 32))}</text>")
                .Append(Invariant, $"<rect x=\"{barLeft}\" y=\"{y + 3}\" width=\"{Math.Max(2, barWidth * c.Count / max):0.#}\" height=\"18\" class=\"bar\"><title>{Encode(c.Value)}: {c.Count}</title></rect>")
                .Append(Invariant, $"<text x=\"{barLeft + (barWidth * c.Count / max) + 8:0.#}\" y=\"{y + 16}\">{c.Count}</text>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string HeatMap(IncidentMetricsReport r)
    {
        const double left = 50, top = 24, cellWidth = 28, cellHeight = 24;
        var max = Math.Max(1, r.PageHeatMap.Max());
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg viewBox=\"0 0 {left + (24 * cellWidth) + 10} {top + (7 * cellHeight) + 10}\" role=\"img\" aria-labelledby=\"heat-title\" class=\"chart\">")
            .Append("<title id=\"heat-title\">Pages sent per local hour and weekday; darker is more, the number is in each cell</title>\n");
        for (var h = 0; h < 24; h += 3)
        {
            svg.Append(Invariant, $"<text x=\"{left + (h * cellWidth) + (cellWidth / 2)}\" y=\"{top - 8}\" text-anchor=\"middle\" class=\"axis\">{h:00}:00</text>");
        }

        for (var d = 0; d < 7; d++)
        {
            var y = top + (d * cellHeight);
            svg.Append(Invariant, $"<text x=\"{left - 8}\" y=\"{y + 16}\" text-anchor=\"end\" class=\"axis\">{Days[d]}</text>\n");
            for (var h = 0; h < 24; h++)
            {
                var count = r.PageHeatMap[(d * 24) + h];
                var x = left + (h * cellWidth);
                var level = count == 0 ? 0 : 0.15 + (0.85 * count / max);
                svg.Append(Invariant, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cellWidth - 2}\" height=\"{cellHeight - 2}\" class=\"cell\" fill-opacity=\"{level:0.###}\"><title>{Days[d]} {h:00}:00: {count} pages</title></rect>");
                if (count > 0)
                {
                    svg.Append(Invariant, $"<text x=\"{x + ((cellWidth - 2) / 2)}\" y=\"{y + 15}\" text-anchor=\"middle\" class=\"{(level > 0.55 ? "cell-text-dark" : "cell-text")}\">{count}</text>");
                }
            }

            svg.Append('\n');
        }

        return svg.Append("</svg>\n").ToString();
    }

    private static string OnCallTable(IncidentMetricsReport r)
    {
        if (r.OnCallLoad.Count == 0)
        {
            return "<p>Nobody was paged in the period.</p>\n";
        }

        var h = r.Options.Hours;
        var table = new StringBuilder();
        var zones = r.Options.PersonZones.Count == 0
            ? $"in {Encode(r.Options.Zone.Id)} (the report's zone; no person's own zone was given)"
            : $"each in the person's own zone ({Encode(r.Options.Zone.Id)} for people without one)";
        table.Append(Invariant, $"<p>Business hours {h.BusinessStart:HH:mm}–{h.BusinessEnd:HH:mm} on working days, sleep hours {h.SleepStart:HH:mm}–{h.SleepEnd:HH:mm}, {zones}.</p>\n")
            .Append("<table><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Pages</th><th scope=\"col\">Acknowledged</th><th scope=\"col\">Business hours</th><th scope=\"col\">Off hours</th><th scope=\"col\">Sleep hours</th></tr></thead><tbody>\n");
        foreach (var l in r.OnCallLoad.Take(25))
        {
            table.Append("<tr><th scope=\"row\">").Append(Encode(l.Person.Value)).Append("</th>")
                .Append(Invariant, $"<td>{l.Pages}</td><td>{l.AcknowledgedPages}</td><td>{l.BusinessHours}</td><td>{l.OffHours}</td><td>{l.SleepHours}</td></tr>\n");
        }

        return table.Append("</tbody></table>\n").ToString();
    }

    private static string RecurringTable(IncidentMetricsReport r, int top)
    {
        if (r.Recurring.Count == 0)
        {
            return "<p>No service and category pair recurred in the period.</p>\n";
        }

        var zone = r.Options.Zone;
        var table = new StringBuilder();
        table.Append("<p>Incidents opened in the period that share a service and a category, most frequent first: candidates for problem records.</p>\n")
            .Append("<table><thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Category</th><th scope=\"col\">Incidents</th><th scope=\"col\">First</th><th scope=\"col\">Last</th></tr></thead><tbody>\n");
        foreach (var g in r.Recurring.Take(top))
        {
            table.Append("<tr><td>").Append(Encode(g.Service)).Append("</td><td>").Append(Encode(g.Category)).Append("</td>")
                .Append(Invariant, $"<td>{g.Count}</td><td>{LongDate.Format(g.FirstOpenedAt.InZone(zone).Date)}</td><td>{LongDate.Format(g.LastOpenedAt.InZone(zone).Date)}</td></tr>\n");
        }

        return table.Append("</tbody></table>\n").ToString();
    }

    private static string TrendTable(IncidentMetricsReport r)
    {
        var table = new StringBuilder();
        table.Append("<table><thead><tr><th scope=\"col\">From</th><th scope=\"col\">Opened</th><th scope=\"col\">Resolved</th><th scope=\"col\">MTTA</th><th scope=\"col\">MTTR</th><th scope=\"col\">Pages</th><th scope=\"col\">SLA met</th><th scope=\"col\">SLA breached</th></tr></thead><tbody>\n");
        foreach (var p in r.Trend)
        {
            table.Append(Invariant, $"<tr><th scope=\"row\">{LongDate.Format(p.Start)}</th><td>{p.Opened}</td><td>{p.Resolved}</td><td>{FormatDuration(p.Mtta)}</td><td>{FormatDuration(p.Mttr)}</td><td>{p.Pages}</td><td>{p.SlaMet}</td><td>{p.SlaBreached}</td></tr>\n");
        }

        return table.Append("</tbody></table>\n").ToString();
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static int PriorityOrder(string value) =>
        value.Length > 1 && value[0] == 'P' && int.TryParse(value.AsSpan(1), NumberStyles.None, Invariant, out var level) ? level : int.MaxValue;

    private static string TargetName(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.Response => "response",
        SlaTargetKind.Resolution => "resolution",
        _ => "update",
    };

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private const string Css = """
        :root { color-scheme: light; --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; }
        body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f8fafc; margin: 0; }
        main { max-width: 980px; margin: 0 auto; padding: 24px; }
        header h1 { margin: 0 0 4px; font-size: 28px; }
        header p, footer p { color: var(--muted); margin: 0; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 18px 0; }
        h2 { font-size: 18px; margin: 0 0 12px; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 0; }
        .tile { border-left: 4px solid #2563eb; padding: 6px 12px; background: #f1f5f9; border-radius: 6px; }
        .tile dt { color: var(--muted); font-size: 13px; }
        .tile dd { margin: 0; }
        .tile .value { display: block; font-size: 24px; font-weight: 650; }
        .tile .note { display: block; color: var(--muted); font-size: 12px; }
        .chart { width: 100%; height: auto; font-size: 12px; }
        .chart text { fill: var(--ink); }
        .chart .axis { fill: var(--muted); font-size: 11px; }
        .grid { stroke: var(--line); }
        polyline.mtta, line.mtta { fill: none; stroke: #2563eb; stroke-width: 2.5; }
        polyline.mttr, line.mttr { fill: none; stroke: #ea580c; stroke-width: 2.5; stroke-dasharray: 7 4; }
        circle.mtta { fill: #2563eb; } circle.mttr { fill: #ea580c; }
        .track { fill: #f1f5f9; } .good { fill: #16a34a; } .fair { fill: #f59e0b; } .poor { fill: #dc2626; }
        .target { stroke: var(--ink); stroke-dasharray: 3 3; }
        .bar { fill: #0891b2; }
        .cell { fill: #7c3aed; stroke: #ede9fe; }
        .cell-text { fill: var(--ink); font-size: 10px; } .cell-text-dark { fill: #fff; font-size: 10px; }
        table { border-collapse: collapse; width: 100%; font-size: 14px; }
        th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); }
        td { font-variant-numeric: tabular-nums; }

        """;
}
