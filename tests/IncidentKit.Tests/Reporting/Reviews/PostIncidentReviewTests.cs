using IncidentKit.Calendars;
using IncidentKit.Incidents;
using IncidentKit.MajorIncidents;
using IncidentKit.Reporting;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Runbooks;
using IncidentKit.Sla;
using NodaTime;
using static IncidentKit.Tests.Reporting.Reviews.ReviewFixture;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Reporting.Reviews;

public sealed class PostIncidentReviewTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    private static ReviewContext Context => new(London, At(200));

    [Fact]
    public void Generate_HandHistory_GivesHandComputedFigures()
    {
        var review = PostIncidentReview.Generate(History(), new ReviewAuthoring { MitigatedAt = At(50) }, Context);

        Assert.Equal("P1", Priority(review));
        // The alert started firing 4 minutes before the incident was opened: impact and detection start there.
        Assert.Equal(new ImpactWindow(At(-4), ImpactStart.FirstAlert, At(50)), review.Impact);
        Assert.Equal(new ReviewDurations(Duration.FromMinutes(4), Duration.FromMinutes(7), Duration.FromMinutes(50), Duration.FromMinutes(70)), review.Durations);
        Assert.Equal(Duration.FromMinutes(54), review.Impact.Length);
        Assert.Equal([Carol], review.AcknowledgedBy);
        Assert.Equal(Bob, review.Owner);
        Assert.Equal(IncidentState.Resolved, review.State);
        Assert.Equal(At(70) + Duration.FromDays(3), review.DueAt);
        Assert.Equal("Expired TLS certificate on the payment gateway", review.RootCause);
        Assert.Equal(2, review.Diagnosis.Count);
        Assert.Equal("Europe/London", review.TimeZone);
    }

    [Fact]
    public void Generate_AttachedRunbook_ListsEachStepWithWhoAndHowLong()
    {
        var review = PostIncidentReview.Generate(HistoryWithRunbook(), new ReviewAuthoring(), Context);

        var runbook = Assert.IsType<ReviewRunbook>(review.Runbook);
        Assert.Equal(("db-failover", 3, "Database failover", At(10)), (runbook.Id, runbook.Version, runbook.Title, runbook.AttachedAt));
        Assert.Equal(
            [
                new RunbookStepProgress(1, "Page the DBA on call", true, Duration.FromMinutes(5), RunbookStepState.Completed, At(14), Bob, "DBA joined", Duration.FromMinutes(4)),
                new RunbookStepProgress(2, "Check replication lag", false, Duration.FromMinutes(5), RunbookStepState.Skipped, At(21), Carol, "Primary is gone; lag is moot", Duration.FromMinutes(7)),
                new RunbookStepProgress(3, "Promote the replica", true, null, RunbookStepState.Open, null, null, null, null),
            ],
            runbook.Steps);
        Assert.Equal([false, true, false], runbook.Steps.Select(s => s.Overran));
    }

    [Fact]
    public void Generate_NoRunbookAttached_HasNoRunbook()
    {
        Assert.Null(PostIncidentReview.Generate(History(), new ReviewAuthoring(), Context).Runbook);
    }

    [Fact]
    public void Generate_MajorIncident_ListsDeclarationStandDownAndRoleHoldersOverTime()
    {
        var review = PostIncidentReview.Generate(HistoryMajor(), new ReviewAuthoring(), Context);

        var major = Assert.IsType<ReviewMajorIncident>(review.Major);
        Assert.Equal((At(6), Alice, "Checkout down in every region", At(65), "Checkout recovered"),
            (major.DeclaredAt, major.DeclaredBy, major.Reason, major.StoodDownAt, major.StoodDownReason));
        Assert.Equal(
            [
                new ResponseRoleAssignment(ResponseRole.IncidentCommander, Carol, At(7), At(30), Alice, null),
                new ResponseRoleAssignment(ResponseRole.Scribe, Alice, At(8), At(60), Carol, null),
                new ResponseRoleAssignment(ResponseRole.IncidentCommander, Bob, At(30), null, Carol, "shift change"),
            ],
            major.Roles);
        Assert.Null(PostIncidentReview.Generate(History(), new ReviewAuthoring(), Context).Major);
    }

    [Fact]
    public void Generate_Timeline_IsInTheReadersZoneWithoutDeliveryNoise()
    {
        var review = PostIncidentReview.Generate(History(), new ReviewAuthoring(), Context);

        // T0 is 14:00 UTC on 15 June: 15:00 in London (BST).
        Assert.Equal("2026-06-15 15:00:00 +01:00", review.Timeline[0].Local);
        Assert.Equal("Opened as P1: Payments fail at checkout (service checkout)", review.Timeline[0].Text);
        Assert.Equal("Acknowledged", review.Timeline.Single(t => t.Kind == "Acknowledged").Text);
        Assert.DoesNotContain(review.Timeline, t => t.Kind.StartsWith("Notification", StringComparison.Ordinal));
        Assert.Equal(14, review.Timeline.Count);
        Assert.Equal("2026-06-15 15:00:00 +00:00".Length, review.Timeline[^1].Local.Length);
    }

    [Fact]
    public void Generate_EscalationSlaAndCommunications_AreCollected()
    {
        var review = PostIncidentReview.Generate(History(), new ReviewAuthoring(), Context);

        Assert.Equal([(1, Bob), (2, Carol)], review.Escalation.Select(s => (s.Level!.Value, s.Paged.Single())));
        Assert.Equal(["schedule:payments-l1"], review.Escalation[0].Targets);
        Assert.Equal(
            [
                new ReviewSlaOutcome(SlaTargetKind.Response, 1, SlaOutcome.Met, At(15), At(7), 0),
                new ReviewSlaOutcome(SlaTargetKind.Resolution, 1, SlaOutcome.Breached, At(60), At(60), 75),
            ],
            review.SlaOutcomes);
        Assert.Equal("Payments failing; investigating", Assert.Single(review.Communications).Text);
        Assert.Equal([new ReviewDeliveries("email", 1, 0, 0), new ReviewDeliveries("sms", 0, 1, 0)], review.Deliveries);
        Assert.Contains("2 people were paged; 1 SLA target was breached.", review.Summary, StringComparison.Ordinal);
        Assert.Contains("opened 2026-06-15 15:00:00 +01:00 and resolved after 1h 10m. Impact lasted 1h 14m.", review.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_WorkStartedBeforeAnyAcknowledgement_MeasuresAcknowledgementAsTheMetricsDo()
    {
        // Without the acknowledgement at +7 min, starting work at +9 min is the first response, for the review as for MTTA.
        var history = History();
        var events = history.Events.Where(e => e is not IncidentKit.Incidents.Events.IncidentAcknowledged).ToList();
        history = history with { Events = events, Version = events.Count };

        var review = PostIncidentReview.Generate(history, new ReviewAuthoring(), Context);

        Assert.Equal(Duration.FromMinutes(9), review.Durations.Acknowledge);
        Assert.Equal(IncidentTimes.Of(events).TimeToAcknowledge, review.Durations.Acknowledge);
    }

    [Fact]
    public void Generate_AlertWithoutReportedStart_HasNoDetectionTime()
    {
        // An alert that reports no start says nothing about when the trouble began: no detection time, as in the metrics.
        var history = History();
        var events = history.Events.ToList();
        events[1] = ((IncidentKit.Incidents.Events.AlertLinked)events[1]) with { AlertStartsAt = null };

        var review = PostIncidentReview.Generate(history with { Events = events }, new ReviewAuthoring(), Context);

        Assert.Equal(new ImpactWindow(T0, ImpactStart.Opened, At(70)), review.Impact);
        Assert.Null(review.Durations.Detection);
        Assert.Null(IncidentTimes.Of(events).TimeToDetect);
    }

    [Fact]
    public void Generate_AlertAfterOpening_StartsImpactAtOpeningWithoutDetection()
    {
        var history = History();
        var events = history.Events.ToList();
        events[1] = ((IncidentKit.Incidents.Events.AlertLinked)events[1]) with { AlertStartsAt = At(3) };

        var review = PostIncidentReview.Generate(history with { Events = events }, new ReviewAuthoring(), Context);

        Assert.Equal(new ImpactWindow(T0, ImpactStart.Opened, At(70)), review.Impact);
        Assert.Null(review.Durations.Detection);
    }

    [Fact]
    public void Generate_ReopenedAfterResolution_HasNoFinalResolutionOrDueDate()
    {
        var review = PostIncidentReview.Generate(History(reopenAtEnd: true), new ReviewAuthoring(), Context);

        Assert.Null(review.Durations.Resolution);
        Assert.Null(review.Impact.End);
        Assert.Null(review.DueAt);
        Assert.Equal(IncidentState.InProgress, review.State);
        Assert.False(review.IsOverdueAt(Instant.MaxValue));
    }

    [Fact]
    public void Generate_AuthoredTexts_ReplaceGeneratedOnesAndRoundTripThroughToAuthoring()
    {
        var item = ActionItem.Plan(Guid.NewGuid(), "Alert on certificate expiry", Bob, At(70), 5, BusinessCalendar.AlwaysOpen);
        var authoring = new ReviewAuthoring
        {
            Summary = "Our words.",
            RootCause = "Manual certificate renewal",
            ContributingFactors = ["No expiry alert"],
            WentWell = ["Fast page"],
            WentBadly = ["Slow diagnosis"],
            ActionItems = [item],
            Owner = Alice,
            Status = ReviewStatus.Published,
        };

        var review = PostIncidentReview.Generate(History(), authoring, Context);

        Assert.Equal("Our words.", review.Summary);
        Assert.Equal("Manual certificate renewal", review.RootCause);
        Assert.Equal(Alice, review.Owner);
        Assert.Equal([item], review.ActionItems);
        var again = review.ToAuthoring();
        Assert.Equal(authoring.Summary, again.Summary);
        Assert.Equal(authoring.RootCause, again.RootCause);
        Assert.Equal(authoring.ContributingFactors, again.ContributingFactors);
        Assert.False(review.IsOverdueAt(Instant.MaxValue));
    }

    [Fact]
    public void Generate_MitigationOutsideImpactWindow_ThrowsNamingTheField()
    {
        var e = Assert.Throws<ArgumentException>(() => PostIncidentReview.Generate(History(), new ReviewAuthoring { MitigatedAt = At(71) }, Context));

        Assert.Contains("mitigatedAt", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PostIncidentReview.Generate(History(), new ReviewAuthoring { MitigatedAt = At(-5) }, Context));
    }

    // The alert started 4 minutes before the opening, but time to mitigate runs from the opening: a mitigation in between
    // gave -2 minutes in the JSON, the Markdown and over HTTP. Found by review; refused now, naming the field.
    [Fact]
    public void Generate_MitigatedBetweenAlertStartAndOpening_ThrowsNamingTheField()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            PostIncidentReview.Generate(History(), new ReviewAuthoring { MitigatedAt = T0 - Duration.FromMinutes(2) }, Context));

        Assert.StartsWith("mitigatedAt", e.Message, StringComparison.Ordinal);
        Assert.Equal(Duration.Zero, PostIncidentReview.Generate(History(), new ReviewAuthoring { MitigatedAt = T0 }, Context).Durations.Mitigation);
    }

    // An incident not (or no longer) resolved cannot have been mitigated after the review was generated (over HTTP, a PUT of
    // 2099-01-01 on an open incident answered 201 with "Time to mitigate: 26322d 9h").
    [Fact]
    public void Generate_UnresolvedAndMitigatedAfterGeneration_ThrowsNamingTheField()
    {
        var context = new ReviewContext(London, At(200));

        var e = Assert.Throws<ArgumentException>(() => PostIncidentReview.Generate(History(reopenAtEnd: true),
            new ReviewAuthoring { MitigatedAt = At(200) + Duration.FromDays(365 * 70) }, context));

        Assert.StartsWith("mitigatedAt", e.Message, StringComparison.Ordinal);
        Assert.Equal(At(200), PostIncidentReview.Generate(History(reopenAtEnd: true), new ReviewAuthoring { MitigatedAt = At(200) }, context).MitigatedAt);
    }

    [Fact]
    public void Generate_PartialHistoryOrInvalidAuthoring_Throws()
    {
        var history = History();
        var partial = history with { FromVersion = 3, Events = history.Events.Skip(3).ToList() };

        Assert.Throws<ArgumentException>(() => PostIncidentReview.Generate(partial, new ReviewAuthoring(), Context));
        var e = Assert.Throws<ArgumentException>(() => PostIncidentReview.Generate(history,
            new ReviewAuthoring { Summary = "bad\u0000", WentWell = [new string('x', 2001)], Status = (ReviewStatus)7 }, Context));
        Assert.Contains("summary:", e.Message, StringComparison.Ordinal);
        Assert.Contains("wentWell[0]:", e.Message, StringComparison.Ordinal);
        Assert.Contains("status:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsOverdueAt_DraftPastDue_IsTrueUntilPublished()
    {
        var draft = PostIncidentReview.Generate(History(), new ReviewAuthoring(), Context);

        Assert.False(draft.IsOverdueAt(draft.DueAt!.Value - Duration.Epsilon));
        Assert.True(draft.IsOverdueAt(draft.DueAt!.Value));
        Assert.False((draft with { Status = ReviewStatus.Published }).IsOverdueAt(draft.DueAt!.Value));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(3600, "1h")]
    [InlineData(90061, "1d 1h 1m 1s")]
    [InlineData(-61, "-1m 1s")]
    public void FormatDuration_Seconds_ReadsAsPeopleWriteIt(long seconds, string expected) =>
        Assert.Equal(expected, PostIncidentReview.FormatDuration(Duration.FromSeconds(seconds)));

    private static string Priority(PostIncidentReview review) => review.Priority.ToString();
}
