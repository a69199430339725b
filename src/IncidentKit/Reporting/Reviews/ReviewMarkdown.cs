using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.Runbooks;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Writes a post-incident review as CommonMark: headings, paragraphs and bullet lists only (no tables or raw HTML), so any
/// CommonMark reader shows it the same way.</summary>
/// <remarks>Every text that came from people (titles, notes, factors, action items) is escaped: each ASCII punctuation character gets
/// a backslash and each line starts without indentation, so a reader shows it literally and it can never inject markup, HTML
/// or links. Times are shown in the review's zone (<see cref="PostIncidentReview.TimeZone"/>).</remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class ReviewMarkdown
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    /// <summary>Returns the review as a CommonMark document.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The Markdown text, with <c>\n</c> line endings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is null.</exception>
    /// <exception cref="NodaTime.TimeZones.DateTimeZoneNotFoundException">The review's zone is not a known IANA zone.</exception>
    public static string Write(PostIncidentReview review)
    {
        Guard.Against.Null(review);
        var zone = DateTimeZoneProviders.Tzdb[review.TimeZone];
        var md = new StringBuilder(4096);
        string At(Instant at) => PostIncidentReview.FormatLocal(at, zone);

        md.Append("# Post-incident review: ").Append(Escape(review.Title)).Append("\n\n");
        md.Append("- Incident: ").Append(review.Incident).Append('\n');
        md.Append("- Priority: ").Append(review.Priority).Append(review.IsExercise ? " (exercise)" : string.Empty).Append('\n');
        Field(md, "Service", review.Service);
        Field(md, "Category", review.Category?.Value);
        md.Append("- State: ").Append(review.State).Append('\n');
        md.Append("- Review status: ").Append(review.Status).Append('\n');
        Field(md, "Review owner", review.Owner?.Value);
        md.Append("- Review due: ").Append(review.DueAt is { } due ? Escape(At(due)) : "not required").Append('\n');
        md.Append("- Generated: ").Append(Escape(At(review.GeneratedAt))).Append(" from history version ")
            .Append(review.HistoryVersion.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Heading(md, "Summary");
        Paragraphs(md, review.Summary);

        Heading(md, "Impact");
        md.Append("- Impact window: ").Append(Escape(At(review.Impact.Start)))
            .Append(review.Impact.StartsWith == ImpactStart.FirstAlert ? " (first alert)" : " (opened)")
            .Append(" to ").Append(review.Impact.End is { } end ? Escape(At(end)) : "ongoing")
            .Append(review.Impact.Length is { } length ? $", {PostIncidentReview.FormatDuration(length)}" : string.Empty).Append('\n');
        Measure(md, "Time to detect", review.Durations.Detection);
        Measure(md, "Time to acknowledge", review.Durations.Acknowledge);
        Measure(md, "Time to mitigate", review.Durations.Mitigation);
        Measure(md, "Time to resolve", review.Durations.Resolution);

        Heading(md, $"Timeline ({Escape(review.TimeZone)})");
        List(md, review.Timeline.Select(t => $"{Escape(t.Local)}: {Escape(t.Text)} ({Escape(t.Actor.Value)})"), "No events.");

        Heading(md, "Paging and escalation");
        Line(md, review.AcknowledgedBy.Count == 0
            ? "Nobody acknowledged."
            : "Acknowledged by " + string.Join(", ", review.AcknowledgedBy.Select(u => Escape(u.Value))) + ".");
        List(md, review.Escalation.Select(s =>
        {
            var step = s.Level is { } level ? $"Level {level}, round {s.Round}" : "Manual escalation";
            var paged = s.Paged.Count == 0 ? "nobody paged" : "paged " + string.Join(", ", s.Paged.Select(u => Escape(u.Value)));
            var targets = s.Targets.Count == 0 ? string.Empty : $" (targets {string.Join(", ", s.Targets.Select(Escape))})";
            var note = s.Note is null ? string.Empty : $": {Escape(OneLine(s.Note))}";
            return $"{Escape(At(s.At))}: {step} ({Escape(s.Kind)}), {paged}{targets}{note}";
        }), "No escalation steps.");

        if (review.Major is { } major)
        {
            Heading(md, "Major incident");
            Line(md, $"Declared {Escape(At(major.DeclaredAt))} by {Escape(major.DeclaredBy.Value)}: {Escape(major.Reason)}");
            Line(md, major.StoodDownAt is { } down
                ? $"Stood down {Escape(At(down))}" + (major.StoodDownReason is null ? "." : $": {Escape(major.StoodDownReason)}")
                : "Not stood down.");
            List(md, major.Roles.Select(r =>
                $"{r.Role}: {Escape(r.User.Value)} from {Escape(At(r.From))} " +
                (r.Until is { } until ? $"until {Escape(At(until))}" : "until now") +
                (r.Note is null ? string.Empty : $" ({Escape(r.Note)})")), "No response roles were assigned.");
        }

        if (review.Runbook is { } runbook)
        {
            Heading(md, "Runbook");
            Line(md, $"{Escape(runbook.Title)} ({Escape(runbook.Id)} version {runbook.Version}), attached {Escape(At(runbook.AttachedAt))}.");
            List(md, runbook.Steps.Select(s => RunbookStep(s, At)), null);
        }

        Heading(md, "SLA outcomes");
        List(md, review.SlaOutcomes.Select(s =>
            $"{s.Target} (cycle {s.Cycle}): {s.Outcome}" +
            (s.DueAt is { } d ? $", due {Escape(At(d))}" : string.Empty) +
            (s.DecidedAt is { } a ? $", decided {Escape(At(a))}" : string.Empty) +
            (s.HighestWarning > 0 ? $", warned at {s.HighestWarning}%" : string.Empty)), "No SLA targets recorded.");

        Heading(md, "Communications");
        List(md, review.Communications.Select(c => $"{Escape(At(c.At))} to {c.Audience} by {Escape(c.Actor.Value)}: {Escape(OneLine(c.Text))}"),
            "No status updates were posted.");
        List(md, review.Deliveries.Select(d => $"Channel {Escape(d.Channel)}: {d.Delivered} delivered, {d.Failed} failed attempts, {d.Dropped} dropped"), null);

        Heading(md, "Diagnosis and root cause");
        List(md, review.Diagnosis.Select(d => $"{Escape(At(d.At))} ({d.Stage}, {Escape(d.Actor.Value)}): {Escape(OneLine(d.Text))}"), "No diagnosis recorded.");
        md.Append("**Root cause:** ");
        if (review.RootCause is null)
        {
            md.Append("not yet known.\n");
        }
        else
        {
            md.Append('\n').Append('\n');
            Paragraphs(md, review.RootCause);
        }

        Heading(md, "Contributing factors");
        List(md, review.ContributingFactors.Select(f => Escape(OneLine(f))), "None recorded.");
        Heading(md, "What went well");
        List(md, review.WentWell.Select(f => Escape(OneLine(f))), "None recorded.");
        Heading(md, "What did not go well");
        List(md, review.WentBadly.Select(f => Escape(OneLine(f))), "None recorded.");

        Heading(md, "Action items");
        List(md, review.ActionItems.Select(a =>
            $"{Escape(a.Title)}: owner {Escape(a.Owner.Value)}, due {DatePattern.Format(a.DueOn)}, {a.Status}" +
            (a.Ticket is null ? string.Empty : $", ticket <{a.Ticket.AbsoluteUri}>")), "None.");
        return md.ToString();
    }

    /// <summary>Escapes text so that CommonMark shows it literally: a backslash before each ASCII punctuation character, leading
    /// spaces and tabs of each line removed, and line breaks turned into spaces.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The escaped text, on one line.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Escape(string text)
    {
        Guard.Against.Null(text);
        var line = OneLine(text).Trim();
        var sb = new StringBuilder(line.Length + 8);
        foreach (var c in line)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == ' ' || c > '\u007f')
            {
                sb.Append(c);
            }
            else if (char.IsPunctuation(c) || char.IsSymbol(c))
            {
                sb.Append('\\').Append(c);
            }
            else
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }

    // For example "Step 2 (optional): Check replication lag: Skipped by bob at 2026-06-15 15:20:00 +01:00, took 6m (expected 5m, overran): no lag".
    private static string RunbookStep(RunbookStepProgress s, Func<Instant, string> at)
    {
        var head = $"Step {s.Number} ({(s.Required ? "required" : "optional")}): {Escape(OneLine(s.Text))}: ";
        var expected = s.ExpectedDuration is { } e ? PostIncidentReview.FormatDuration(e) : null;
        if (s.State == RunbookStepState.Open)
        {
            return head + "Open" + (expected is null ? string.Empty : $" (expected {expected})");
        }

        var by = s.FinishedBy is { } who ? $" by {Escape(who.Value)}" : string.Empty;
        var when = s.FinishedAt is { } finished ? $" at {Escape(at(finished))}" : string.Empty;
        var took = s.Took is { } t ? $", took {PostIncidentReview.FormatDuration(t)}" : string.Empty;
        var vs = expected is null ? string.Empty : $" (expected {expected}{(s.Overran ? ", overran" : string.Empty)})";
        var note = s.Note is null ? string.Empty : $": {Escape(OneLine(s.Note))}";
        return $"{head}{s.State}{by}{when}{took}{vs}{note}";
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');

    private static void Heading(StringBuilder md, string title) => md.Append("\n## ").Append(title).Append("\n\n");

    private static void Line(StringBuilder md, string text) => md.Append(text).Append("\n\n");

    private static void Field(StringBuilder md, string name, string? value)
    {
        if (value is not null)
        {
            md.Append("- ").Append(name).Append(": ").Append(Escape(value)).Append('\n');
        }
    }

    private static void Measure(StringBuilder md, string name, Duration? value) =>
        md.Append("- ").Append(name).Append(": ").Append(value is { } v ? PostIncidentReview.FormatDuration(v) : "n/a").Append('\n');

    // Paragraphs are separated by blank lines in the source text; lines within a paragraph are joined with spaces.
    private static void Paragraphs(StringBuilder md, string text)
    {
        var paragraphs = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var p in paragraphs)
        {
            md.Append(Escape(p)).Append("\n\n");
        }
    }

    private static void List(StringBuilder md, IEnumerable<string> items, string? empty)
    {
        var any = false;
        foreach (var item in items)
        {
            md.Append("- ").Append(item).Append('\n');
            any = true;
        }

        if (any)
        {
            md.Append('\n');
        }
        else if (empty is not null)
        {
            md.Append(empty).Append("\n\n");
        }
    }
}
