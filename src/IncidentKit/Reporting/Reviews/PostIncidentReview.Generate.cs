using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Runbooks;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Reporting.Reviews;

public sealed partial record PostIncidentReview
{
    private static readonly OffsetDateTimePattern LocalPattern =
        OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd HH':'mm':'ss o<+HH:mm>");

    /// <summary>Generates a review by folding an incident's whole history and adding the authored part.</summary>
    /// <param name="history">The incident's whole stream (read from version 0).</param>
    /// <param name="authoring">What the authors wrote; validated here.</param>
    /// <param name="context">The reader's zone, the calendar, the due rule and the instant.</param>
    /// <returns>The review.</returns>
    /// <remarks>
    /// <para>Clocks: detection, acknowledgement and resolution are the metrics' own (<see cref="IncidentTimes"/>, computed by
    /// <see cref="IncidentTimes.Of"/>): detection runs from the earliest reported start of an alert that had started by the
    /// opening (<see cref="AlertLinked.AlertStartsAt"/>; an alert without one gives no detection time) to the opening;
    /// acknowledgement runs from the opening to the first acknowledgement or start of work; resolution from the opening to the
    /// final resolution (a resolution followed by a reopening is not final); mitigation from the opening to the authors'
    /// <see cref="ReviewAuthoring.MitigatedAt"/>, else to the final resolution. Holds are not subtracted: these are wall-clock
    /// durations, as the customer felt them.</para>
    /// <para>The impact window runs from the first alert's start (when it started the incident) or the opening, to the mitigation
    /// or final resolution. The review is due per <see cref="ReviewContext.DueRule"/> for the last priority set, counted from the
    /// final resolution.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The history is not a whole stream starting with <see cref="IncidentOpened"/>, the
    /// authored part is invalid (every problem listed), or the mitigation instant is before the opening or after the final
    /// resolution (after <see cref="ReviewContext.GeneratedAt"/> when the incident is not resolved).</exception>
    public static PostIncidentReview Generate(IncidentHistory history, ReviewAuthoring authoring, ReviewContext context)
    {
        Guard.Against.Null(history);
        Guard.Against.Null(authoring);
        Guard.Against.Null(context);
        if (history.FromVersion != 0 || history.Events.Count == 0 || history.Events[0] is not IncidentOpened opened)
        {
            throw new ArgumentException("A review is generated from an incident's whole history, starting with IncidentOpened.", nameof(history));
        }

        authoring.Validate();
        var times = IncidentTimes.Of(history.Events);
        var fold = new Fold(context.ReaderZone);
        foreach (var e in history.Events)
        {
            fold.Apply(e);
        }

        var impactStart = times.AlertStartedAt ?? opened.At;
        var startsWith = times.AlertStartedAt is null ? ImpactStart.Opened : ImpactStart.FirstAlert;
        // Mitigation is measured from the opening, so it cannot be earlier; nor later than the final resolution, or than now
        // while the incident is not (or no longer) resolved.
        var latest = times.ResolvedAt ?? context.GeneratedAt;
        if (authoring.MitigatedAt is { } m && (m < opened.At || m > latest))
        {
            throw new ArgumentException(
                $"mitigatedAt ({m}) must lie from the opening ({opened.At}) to {(times.ResolvedAt is null ? "the review's generation, as the incident is not resolved" : "the final resolution")} ({latest}).",
                nameof(authoring));
        }

        var mitigated = authoring.MitigatedAt ?? times.ResolvedAt;
        var durations = new ReviewDurations(times.TimeToDetect, times.TimeToAcknowledge, mitigated - opened.At, times.TimeToResolve);
        var impact = new ImpactWindow(impactStart, startsWith, mitigated);
        var dueAt = times.ResolvedAt is { } resolved ? context.DueRule.DueAt(times.Priority, resolved, context.Calendar) : null;
        var rootCause = authoring.RootCause ?? fold.Diagnosis.LastOrDefault(d => d.Stage == DiagnosisStage.ConfirmedRootCause)?.Text;
        var review = new PostIncidentReview
        {
            Tenant = history.Tenant,
            Incident = history.Incident,
            HistoryVersion = history.Version,
            Title = opened.Title,
            Priority = times.Priority,
            Service = opened.Service,
            Category = times.Category,
            IsExercise = opened.IsExercise,
            State = fold.State,
            GeneratedAt = context.GeneratedAt,
            TimeZone = context.ReaderZone.Id,
            DueAt = dueAt,
            Owner = authoring.Owner ?? fold.Assignee,
            Status = authoring.Status,
            Summary = "pending",
            AuthoredSummary = authoring.Summary,
            Impact = impact,
            Durations = durations,
            AcknowledgedBy = fold.AcknowledgedBy,
            Timeline = fold.Timeline,
            Escalation = fold.Escalation,
            Runbook = RunbookProgress.Of(history.Events) is { } progress ? ReviewRunbook.From(progress) : null,
            Major = MajorOf(history.Events),
            SlaOutcomes = [.. fold.Sla.Values.OrderBy(s => s.Cycle).ThenBy(s => s.Target)],
            Communications = fold.Communications,
            Deliveries = [.. fold.Deliveries.Values.OrderBy(d => d.Channel, StringComparer.Ordinal)],
            Diagnosis = fold.Diagnosis,
            RootCause = rootCause,
            AuthoredRootCause = authoring.RootCause,
            MitigatedAt = authoring.MitigatedAt,
            ContributingFactors = [.. authoring.ContributingFactors],
            WentWell = [.. authoring.WentWell],
            WentBadly = [.. authoring.WentBadly],
            ActionItems = [.. authoring.ActionItems],
        };
        return review with { Summary = authoring.Summary ?? GeneratedSummary(review, opened.At, context.ReaderZone) };
    }

    /// <summary>Formats an instant as the review's timeline does, in a zone.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="zone">The zone.</param>
    /// <returns>For example <c>2026-03-29 03:00:00 +02:00</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="zone"/> is null.</exception>
    public static string FormatLocal(Instant at, DateTimeZone zone)
    {
        Guard.Against.Null(zone);
        return LocalPattern.Format(at.InZone(zone).ToOffsetDateTime());
    }

    /// <summary>Formats a duration for people: <c>1d 2h 3m 4s</c>, leaving out zero parts (<c>0s</c> for zero).</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string FormatDuration(Duration duration)
    {
        var sign = duration < Duration.Zero ? "-" : string.Empty;
        var d = duration < Duration.Zero ? -duration : duration;
        var parts = new List<string>(4);
        if (d.Days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Days}d"));
        }

        if (d.Hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Hours}h"));
        }

        if (d.Minutes > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Minutes}m"));
        }

        if (d.Seconds > 0 || parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{d.Seconds}s"));
        }

        return sign + string.Join(' ', parts);
    }

    // The first declaration and, unless the incident is major again since, the last stand-down; roles as the incident folds them.
    private static ReviewMajorIncident? MajorOf(IReadOnlyList<IncidentEvent> events)
    {
        MajorIncidentDeclared? first = null;
        MajorIncidentStoodDown? stoodDown = null;
        foreach (var e in events)
        {
            switch (e)
            {
                case MajorIncidentDeclared d:
                    first ??= d;
                    stoodDown = null;
                    break;
                case MajorIncidentStoodDown s when first is not null:
                    stoodDown = s;
                    break;
            }
        }

        return first is null
            ? null
            : new ReviewMajorIncident(first.At, first.Actor, first.Reason, stoodDown?.At, stoodDown?.Reason, Incidents.Incident.RoleHistoryOf(events));
    }

    private static string GeneratedSummary(PostIncidentReview r, Instant openedAt, DateTimeZone zone)
    {
        var where = r.Service is null ? string.Empty : $" on service {r.Service}";
        var what = r.Category is { } c ? $" ({c})" : string.Empty;
        var end = r.Durations.Resolution is { } resolution
            ? $"resolved after {FormatDuration(resolution)}"
            : $"not resolved (state {r.State})";
        var impact = r.Impact.Length is { } length ? $" Impact lasted {FormatDuration(length)}." : string.Empty;
        var paged = r.Escalation.SelectMany(s => s.Paged).Distinct().Count();
        var breaches = r.SlaOutcomes.Count(s => s.Outcome == SlaOutcome.Breached);
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Priority} incident \"{r.Title}\"{where}{what} opened {FormatLocal(openedAt, zone)} and {end}.{impact} " +
            $"{paged} {(paged == 1 ? "person was" : "people were")} paged; {breaches} SLA {(breaches == 1 ? "target was" : "targets were")} breached.");
    }

    // One pass over the events, oldest first: each event updates the few facts the review needs and adds its timeline line.
    // The clocks, priority and category come from IncidentTimes; this pass keeps the review's own lines and lists.
    private sealed class Fold(DateTimeZone zone)
    {
        public IncidentState State { get; private set; } = IncidentState.New;

        public UserId? Assignee { get; private set; }

        public List<UserId> AcknowledgedBy { get; } = [];

        public List<ReviewTimelineEntry> Timeline { get; } = [];

        public List<ReviewEscalationStep> Escalation { get; } = [];

        public Dictionary<(SlaTargetKind, int), ReviewSlaOutcome> Sla { get; } = [];

        public List<ReviewCommunication> Communications { get; } = [];

        public Dictionary<string, ReviewDeliveries> Deliveries { get; } = new(StringComparer.Ordinal);

        public List<ReviewDiagnosisEntry> Diagnosis { get; } = [];

        public void Apply(IncidentEvent e)
        {
            // The state follows the one lifecycle rule, as the incident's own does (a reopened incident acknowledged again stays put).
            State = IncidentLifecycle.After(State, e);
            var text = e switch
            {
                IncidentOpened o => $"Opened as {o.Priority}: {o.Title}" + (o.Service is null ? string.Empty : $" (service {o.Service})"),
                IncidentAcknowledged => Acknowledge(e),
                IncidentAssigned a => Assign(a),
                WorkStarted => "Work started",
                IncidentPutOnHold h => $"Put on hold: {h.Reason}",
                IncidentResumed => "Resumed",
                PriorityChanged p => $"Priority changed to {p.Priority}" + (p.Reason is null ? string.Empty : $": {p.Reason}"),
                IncidentRecategorised c => $"Recategorised to {c.Category}" + (c.Reason is null ? string.Empty : $": {c.Reason}"),
                WorkNoteAdded n => $"Work note: {n.Text}",
                AlertLinked a => $"Alert linked: {(a.Source is null ? a.AlertKey : $"{a.Source}/{a.AlertKey}")}",
                DiagnosisRecorded d => Diagnose(d),
                IncidentEscalated x => EscalateManually(x),
                IncidentResolved r => $"Resolved ({r.ResolutionCode}): {r.Notes}",
                IncidentReopened r => $"Reopened: {r.Reason}",
                IncidentClosed => "Closed",
                IncidentCancelled c => $"Cancelled: {c.Reason}",
                EvidenceAdded v => $"Evidence added: {v.Title}",
                SlaWarningReached w => Warn(w),
                SlaBreached b => Decide(b.Target, b.Cycle, SlaOutcome.Breached, b.DueAt, b.At, $"SLA {b.Target} target breached (due {FormatLocal(b.DueAt, zone)})"),
                SlaMet m => Decide(m.Target, m.Cycle, SlaOutcome.Met, m.DueAt, m.At, $"SLA {m.Target} target met"),
                EscalationStarted s => $"Escalation started: policy {s.Policy.Name}, rule {s.RuleName}",
                EscalationStepFired f => Page(f),
                EscalationStepSkipped s => $"Escalation level {s.Level} skipped",
                StatusUpdatePosted u => Communicate(u),
                NotificationDelivered d => Count(d.Channel, delivered: 1),
                NotificationFailed f => Count(f.Channel, failed: 1),
                NotificationDropped d => Count(d.Channel, dropped: 1),
                _ => null, // reminders that an update is due, and kinds added later, are not review lines
            };

            if (text is not null)
            {
                Timeline.Add(new ReviewTimelineEntry(e.At, FormatLocal(e.At, zone), e.Actor, KindOf(e), OneLine(text)));
            }
        }

        private static string KindOf(IncidentEvent e) =>
            e.GetType().Name switch
            {
                var name when name.StartsWith("Incident", StringComparison.Ordinal) => name["Incident".Length..],
                var name => name,
            };

        private static string OneLine(string text)
        {
            var line = text.ReplaceLineEndings(" ").Replace('\t', ' ');
            return line.Length <= 300 ? line : string.Concat(line.AsSpan(0, 299), "…");
        }

        private string Acknowledge(IncidentEvent e)
        {
            if (!AcknowledgedBy.Contains(e.Actor))
            {
                AcknowledgedBy.Add(e.Actor);
            }

            return "Acknowledged";
        }

        private string Assign(IncidentAssigned a)
        {
            Assignee = a.Assignee;
            return $"Assigned to {a.Assignee?.Value ?? "nobody"}" + (a.AssignmentGroup is null ? string.Empty : $" (group {a.AssignmentGroup})");
        }

        private string Diagnose(DiagnosisRecorded d)
        {
            Diagnosis.Add(new ReviewDiagnosisEntry(d.At, d.Actor, d.Stage, d.Text));
            return $"Diagnosis ({d.Stage}): {d.Text}";
        }

        private string EscalateManually(IncidentEscalated x)
        {
            Escalation.Add(new ReviewEscalationStep(x.At, null, null, x.Kind.ToString(), [], x.ToGroup is null ? [] : [$"group:{x.ToGroup}"], x.Reason));
            return $"Escalated ({x.Kind})" + (x.ToGroup is null ? string.Empty : $" to {x.ToGroup}") + $": {x.Reason}";
        }

        private string Warn(SlaWarningReached w)
        {
            var current = Sla.GetValueOrDefault((w.Target, w.Cycle)) ?? new ReviewSlaOutcome(w.Target, w.Cycle, SlaOutcome.Pending, w.DueAt, null, 0);
            Sla[(w.Target, w.Cycle)] = current with { HighestWarning = Math.Max(current.HighestWarning, w.Percent), DueAt = current.DueAt ?? w.DueAt };
            return $"SLA {w.Target} target at {w.Percent}%";
        }

        private string Decide(SlaTargetKind target, int cycle, SlaOutcome outcome, Instant? dueAt, Instant at, string text)
        {
            var current = Sla.GetValueOrDefault((target, cycle)) ?? new ReviewSlaOutcome(target, cycle, SlaOutcome.Pending, dueAt, null, 0);
            Sla[(target, cycle)] = current with { Outcome = outcome, DecidedAt = at, DueAt = dueAt ?? current.DueAt };
            return text;
        }

        private string Page(EscalationStepFired f)
        {
            Escalation.Add(new ReviewEscalationStep(f.At, f.Level, f.Round, f.Kind.ToString(), [.. f.Recipients], [.. f.Targets.Select(t => t.ToString())], f.Reason));
            var who = f.Recipients.Count == 0 ? "nobody (no one on call)" : string.Join(", ", f.Recipients.Select(r => r.Value));
            return $"Paged level {f.Level} (round {f.Round}): {who}";
        }

        private string Communicate(StatusUpdatePosted u)
        {
            Communications.Add(new ReviewCommunication(u.At, u.Actor, u.Audience, u.Text));
            return $"Status update ({u.Audience}): {u.Text}";
        }

        private string? Count(string channel, int delivered = 0, int failed = 0, int dropped = 0)
        {
            var current = Deliveries.GetValueOrDefault(channel) ?? new ReviewDeliveries(channel, 0, 0, 0);
            Deliveries[channel] = current with
            {
                Delivered = current.Delivered + delivered,
                Failed = current.Failed + failed,
                Dropped = current.Dropped + dropped,
            };
            return null;
        }
    }
}
