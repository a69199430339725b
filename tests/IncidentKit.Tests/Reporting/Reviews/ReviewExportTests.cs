using IncidentKit.Calendars;
using IncidentKit.Reporting.Reviews;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using NodaTime;
using static IncidentKit.Tests.Reporting.Reviews.ReviewFixture;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Reporting.Reviews;

public sealed class ReviewExportTests
{
    private const string Hostile = "Fix `cert` *renewal* <script>alert(1)</script> # [link](http://x) _a_ 1. \\ & &amp;";

    private static PostIncidentReview Review()
    {
        var authoring = new ReviewAuthoring
        {
            RootCause = "First paragraph with **stars**.\n\n    Indented second paragraph\n> not a quote",
            ContributingFactors = [Hostile],
            WentWell = ["Paging worked"],
            WentBadly = ["- not a nested list"],
            ActionItems = [ActionItem.Plan(Guid.Parse("0196a7c2-0000-7000-8000-0000000000aa"), Hostile, Bob, At(70), 3, BusinessCalendar.AlwaysOpen, new Uri("https://tracker.example/T-1?a=1&b=2"))],
        };
        return PostIncidentReview.Generate(History(), authoring, new ReviewContext(DateTimeZoneProviders.Tzdb["Europe/London"], At(200)));
    }

    [Fact]
    public void Markdown_ParsedBackWithMarkdig_HasTheSectionsInOrder()
    {
        var document = Markdown.Parse(ReviewMarkdown.Write(Review()));

        var headings = document.Descendants<HeadingBlock>().Select(h => (h.Level, Text(h.Inline))).ToList();
        Assert.Equal((1, "Post-incident review: Payments fail at checkout"), headings[0]);
        Assert.Equal(
            ["Summary", "Impact", "Timeline (Europe/London)", "Paging and escalation", "SLA outcomes", "Communications", "Diagnosis and root cause",
             "Contributing factors", "What went well", "What did not go well", "Action items"],
            headings.Skip(1).Select(h => h.Item2));
        Assert.All(headings.Skip(1), h => Assert.Equal(2, h.Level));
        Assert.Empty(document.Descendants<HtmlBlock>());
        Assert.Empty(document.Descendants<CodeBlock>());
        Assert.Empty(document.Descendants<QuoteBlock>());
    }

    [Fact]
    public void Markdown_PeoplesText_IsShownLiterallyWithoutMarkup()
    {
        var document = Markdown.Parse(ReviewMarkdown.Write(Review()));
        var items = document.Descendants<ListItemBlock>().Select(i => Text(i.Descendants<ParagraphBlock>().First().Inline)).ToList();

        Assert.Contains(Hostile, items);
        Assert.Contains(items, i => i.StartsWith(Hostile + ": owner bob, due ", StringComparison.Ordinal) && i.EndsWith(", Open, ticket https://tracker.example/T-1?a=1&b=2", StringComparison.Ordinal));
        Assert.Contains("- not a nested list", items);
        Assert.Empty(document.Descendants<HtmlInline>());
        Assert.Equal(["Root cause:"], document.Descendants<EmphasisInline>().Select(e => Text(e))); // the only markup: our own label
        Assert.Empty(document.Descendants<CodeInline>());
        Assert.Single(document.Descendants<AutolinkInline>());
        var paragraphs = document.Descendants<ParagraphBlock>().Select(p => Text(p.Inline)).ToList();
        Assert.Contains("First paragraph with **stars**.", paragraphs);
        Assert.Contains("Indented second paragraph > not a quote", paragraphs);
    }

    [Fact]
    public void Markdown_Timeline_ShowsEachEventInTheReadersZone()
    {
        var document = Markdown.Parse(ReviewMarkdown.Write(Review()));
        var items = document.Descendants<ListItemBlock>().Select(i => Text(i.Descendants<ParagraphBlock>().First().Inline)).ToList();

        Assert.Contains("2026-06-15 15:07:00 +01:00: Acknowledged (carol)", items);
        Assert.Contains("Time to acknowledge: 7m", items);
        Assert.Contains("Response (cycle 1): Met, due 2026-06-15 15:15:00 +01:00, decided 2026-06-15 15:07:00 +01:00", items);
    }

    [Fact]
    public void Markdown_AttachedRunbook_ShowsTheRunbookSectionWithStepTimings()
    {
        var review = PostIncidentReview.Generate(HistoryWithRunbook(), new ReviewAuthoring(), new ReviewContext(DateTimeZoneProviders.Tzdb["Europe/London"], At(200)));
        var document = Markdown.Parse(ReviewMarkdown.Write(review));

        var headings = document.Descendants<HeadingBlock>().Select(h => Text(h.Inline)).ToList();
        Assert.Equal(headings.IndexOf("Paging and escalation") + 1, headings.IndexOf("Runbook"));
        var paragraphs = document.Descendants<ParagraphBlock>().Select(p => Text(p.Inline)).ToList();
        Assert.Contains("Database failover (db-failover version 3), attached 2026-06-15 15:10:00 +01:00.", paragraphs);
        var items = document.Descendants<ListItemBlock>().Select(i => Text(i.Descendants<ParagraphBlock>().First().Inline)).ToList();
        Assert.Contains("Step 1 (required): Page the DBA on call: Completed by bob at 2026-06-15 15:14:00 +01:00, took 4m (expected 5m): DBA joined", items);
        Assert.Contains("Step 2 (optional): Check replication lag: Skipped by carol at 2026-06-15 15:21:00 +01:00, took 7m (expected 5m, overran): Primary is gone; lag is moot", items);
        Assert.Contains("Step 3 (required): Promote the replica: Open", items);
    }

    [Fact]
    public void Markdown_MajorIncident_ShowsDeclarationAndRoleHolders()
    {
        var review = PostIncidentReview.Generate(HistoryMajor(), new ReviewAuthoring(), new ReviewContext(DateTimeZoneProviders.Tzdb["Europe/London"], At(200)));
        var document = Markdown.Parse(ReviewMarkdown.Write(review));

        var headings = document.Descendants<HeadingBlock>().Select(h => Text(h.Inline)).ToList();
        Assert.Equal(headings.IndexOf("Paging and escalation") + 1, headings.IndexOf("Major incident"));
        var paragraphs = document.Descendants<ParagraphBlock>().Select(p => Text(p.Inline)).ToList();
        Assert.Contains("Declared 2026-06-15 15:06:00 +01:00 by alice: Checkout down in every region", paragraphs);
        Assert.Contains("Stood down 2026-06-15 16:05:00 +01:00: Checkout recovered", paragraphs);
        var items = document.Descendants<ListItemBlock>().Select(i => Text(i.Descendants<ParagraphBlock>().First().Inline)).ToList();
        Assert.Contains("IncidentCommander: carol from 2026-06-15 15:07:00 +01:00 until 2026-06-15 15:30:00 +01:00", items);
        Assert.Contains("IncidentCommander: bob from 2026-06-15 15:30:00 +01:00 until now (shift change)", items);
        Assert.Contains("Scribe: alice from 2026-06-15 15:08:00 +01:00 until 2026-06-15 16:00:00 +01:00", items);

        var back = ReviewJson.DeserializeReview(ReviewJson.Serialize(review));
        Assert.Equal(review.Major!.Roles, back.Major!.Roles);
    }

    [Fact]
    public void Json_AttachedRunbook_RoundTripsTheStepTimings()
    {
        var review = PostIncidentReview.Generate(HistoryWithRunbook(), new ReviewAuthoring(), new ReviewContext(DateTimeZoneProviders.Tzdb["Europe/London"], At(200)));

        var json = ReviewJson.Serialize(review);
        var back = ReviewJson.DeserializeReview(json);

        Assert.Equal(json, ReviewJson.Serialize(back));
        Assert.Equal(review.Runbook!.Steps, back.Runbook!.Steps);
        Assert.Contains("\"runbook\":{\"id\":\"db-failover\",\"version\":3,", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"skipped\"", json, StringComparison.Ordinal);
        Assert.Contains("\"took\":\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RoundTrip_IsLossless()
    {
        var review = Review();

        var json = ReviewJson.Serialize(review);
        var back = ReviewJson.DeserializeReview(json);

        Assert.Equal(json, ReviewJson.Serialize(back));
        Assert.Equal(review.Durations, back.Durations);
        Assert.Equal(review.Impact, back.Impact);
        Assert.Equal(review.ActionItems, back.ActionItems);
        Assert.Equal(review.SlaOutcomes, back.SlaOutcomes);
        Assert.Equal(review.Timeline, back.Timeline);
        Assert.Contains("\"status\":\"draft\"", json, StringComparison.Ordinal);
        Assert.Contains("\"dueOn\":\"", json, StringComparison.Ordinal);
    }

    // The JSON speaks the HTTP API's words (kebab-case enum values, "P1"), so a client writes back what it reads.
    [Fact]
    public void Json_EnumsAndPriority_UseTheApisVocabulary()
    {
        var review = Review() with { ActionItems = [Review().ActionItems[0] with { Status = ActionItemStatus.InProgress }] };

        var json = ReviewJson.Serialize(review);

        Assert.Contains("\"status\":\"in-progress\"", json, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"draft\"", json, StringComparison.Ordinal);
        Assert.Contains($"\"priority\":\"{review.Priority}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("InProgress", json, StringComparison.Ordinal);
    }

    // Reviews stored before the API's vocabulary (SQLite and PostgreSQL keep this JSON) spelt enum values as the enum's names and
    // the priority as its level: they still load, to the same review.
    [Fact]
    public void DeserializeReview_OldSpellingOfEnumsAndPriority_LoadsTheSameReview()
    {
        var review = Review() with { ActionItems = [Review().ActionItems[0] with { Status = ActionItemStatus.InProgress }] };
        var json = ReviewJson.Serialize(review);
        var old = OldSpelling(System.Text.Json.Nodes.JsonNode.Parse(json)!).ToJsonString();
        Assert.Contains("\"status\":\"InProgress\"", old, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"Draft\"", old, StringComparison.Ordinal);
        Assert.Contains($"\"priority\":{review.Priority.Level}", old, StringComparison.Ordinal);

        var back = ReviewJson.DeserializeReview(old);

        Assert.Equal(json, ReviewJson.Serialize(back));
        Assert.Equal(review.ActionItems, back.ActionItems);
        Assert.Equal(ActionItemStatus.Done, ReviewJson.DeserializeActionItem(ReviewJson.Serialize(review.ActionItems[0]).Replace("in-progress", "Done", StringComparison.Ordinal)).Status);
        Assert.Throws<System.Text.Json.JsonException>(() => ReviewJson.DeserializeActionItem(ReviewJson.Serialize(review.ActionItems[0]).Replace("in-progress", "half-done", StringComparison.Ordinal)));
    }

    // Rewrites kebab-case values of the review's enum properties as enum names ("in-progress" → "InProgress") and "P1" as 1.
    private static System.Text.Json.Nodes.JsonNode OldSpelling(System.Text.Json.Nodes.JsonNode node)
    {
        string[] enumProperties = ["status", "state", "kind", "stage", "outcome", "audience", "impactStart", "target", "targetKind"];
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    if (name == "priority" && value is System.Text.Json.Nodes.JsonValue p && p.TryGetValue<string>(out var text) && text.StartsWith('P'))
                    {
                        o[name] = int.Parse(text[1..], System.Globalization.CultureInfo.InvariantCulture);
                    }
                    else if (enumProperties.Contains(name) && value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var kebab))
                    {
                        o[name] = string.Concat(kebab.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
                    }
                    else if (value is not null)
                    {
                        OldSpelling(value);
                    }
                }

                break;
            case System.Text.Json.Nodes.JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        OldSpelling(item);
                    }
                }

                break;
        }

        return node;
    }

    [Fact]
    public void DeserializeAuthoring_InvalidContent_ThrowsListingPaths()
    {
        var good = ReviewJson.Serialize(Review().ToAuthoring());
        Assert.Equal(Hostile, ReviewJson.DeserializeAuthoring(good).ContributingFactors[0]);

        var e = Assert.Throws<ArgumentException>(() => ReviewJson.DeserializeAuthoring("""{"wentWell":["ok",null],"contributingFactors":null}"""));
        Assert.Contains("wentWell[1]", e.Message, StringComparison.Ordinal);
        Assert.Contains("contributingFactors: expected a list", e.Message, StringComparison.Ordinal);
        Assert.Throws<System.Text.Json.JsonException>(() => ReviewJson.DeserializeAuthoring("""{"actionItems":[{"id":"00000000-0000-0000-0000-000000000000","title":"x","owner":"bob","dueOn":"2026-01-01","dueAt":"2026-01-01T00:00:00Z","status":"Open"}]}"""));
    }

    private static string Text(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var sb = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants<Inline>())
        {
            switch (child)
            {
                case LiteralInline l:
                    sb.Append(l.Content.ToString());
                    break;
                case LineBreakInline:
                    sb.Append(' ');
                    break;
                case AutolinkInline a:
                    sb.Append(a.Url);
                    break;
                case HtmlEntityInline h:
                    sb.Append(h.Transcoded.ToString());
                    break;
            }
        }

        return sb.ToString();
    }
}
