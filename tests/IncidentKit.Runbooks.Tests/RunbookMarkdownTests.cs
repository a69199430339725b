using CsCheck;
using IncidentKit.Categories;
using IncidentKit.Tests.TestSupport;
using NodaTime;

namespace IncidentKit.Runbooks.Tests;

public sealed class RunbookMarkdownTests
{
    internal const string Failover = """
        # Database failover
        id: db-failover
        version: 3
        category: Infrastructure/Database
        services: orders-db, billing-db
        labels: alertname=PostgresDown, severity=critical

        When the primary stops answering. Read the whole list first.

        ## Steps

        - [ ] Page the DBA on call (required, 5m)
        - [x] Check replication lag on [the dashboard](https://grafana.example.com/d/pg) (optional, 10m)
        - [ ] Promote the replica with `pg_ctl promote` (1h30m)
          - sub-items are notes, not steps
        - [ ] Restart the pods (the stuck ones) <https://k8s.example.com/pods>

        Plain lists are description:

        - this is not a step
        """;

    [Fact]
    public void Parse_TeamStyleFile_ReadsTitleMetadataStepsAnnotationsAndLinks()
    {
        var runbook = RunbookMarkdown.Parse(Failover, "db-failover.md");

        Assert.Equal(("db-failover", 3, "Database failover"), (runbook.Id, runbook.Version, runbook.Title));
        Assert.Equal([new CategoryPath("Infrastructure/Database")], runbook.Selector.Categories);
        Assert.Equal(["orders-db", "billing-db"], runbook.Selector.Services);
        Assert.Equal("critical", runbook.Selector.Labels["severity"]);
        Assert.Equal([
            new RunbookStep("Page the DBA on call", true, Duration.FromMinutes(5), []),
            new RunbookStep("Check replication lag on the dashboard", false, Duration.FromMinutes(10), [new Uri("https://grafana.example.com/d/pg")]),
            new RunbookStep("Promote the replica with pg_ctl promote", true, Duration.FromMinutes(90), []),
            new RunbookStep("Restart the pods (the stuck ones) https://k8s.example.com/pods", true, null, [new Uri("https://k8s.example.com/pods")]),
        ], runbook.Steps);
    }

    [Fact]
    public void Parse_NoMetadata_TakesTheIdFromTheTitleAndVersionOne()
    {
        var runbook = RunbookMarkdown.Parse("# Disk Full on /var!\n\n- [ ] Free space\n");

        Assert.Equal(("disk-full-on-var", 1), (runbook.Id, runbook.Version));
        Assert.True(runbook.Selector.IsEmpty);
    }

    [Fact]
    public void Parse_BadFile_ListsEveryProblemWithItsLine()
    {
        const string markdown = """
            # Database failover
            version: three
            owner: dba
            category: a//b

            - [ ] Page the DBA (required, 5 mins)
            - Check the lag
            - [ ] Open [the console](/relative)

            # Another runbook
            """;

        var ex = Assert.Throws<RunbookFormatException>(() => RunbookMarkdown.Parse(markdown, "bad.md"));

        Assert.Equal([2, 3, 4, 6, 7, 8, 10], ex.Problems.Select(p => p.Line));
        Assert.Contains("version must be a whole number", ex.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("Unknown key 'owner'", ex.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("Duration '5 mins'", ex.Problems[3].Message, StringComparison.Ordinal);
        Assert.Contains("- [ ]", ex.Problems[4].Message, StringComparison.Ordinal);
        Assert.Contains("'/relative'", ex.Problems[5].Message, StringComparison.Ordinal);
        Assert.Contains("second title", ex.Problems[6].Message, StringComparison.Ordinal);
        Assert.StartsWith("Runbook 'bad.md' is invalid (7 problems)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("Just some notes.\n\n- [ ] a step\n", 1)]
    [InlineData("# Title only\n\nNo steps here.\n", 1)]
    [InlineData("\n\n# Title\n\n- plain item\n", 3)]
    public void Parse_NoTitleOrNoSteps_ThrowsWithTheLine(string markdown, int line)
    {
        Assert.Equal(line, Assert.Throws<RunbookFormatException>(() => RunbookMarkdown.Parse(markdown)).Line);
    }

    // Only the documented exception ever leaves the reader, whatever the file holds: mutations of a good file (lines dropped,
    // doubled and swapped, characters inserted from Markdown's syntax and beyond) and text from scratch.
    [Fact]
    public void Parse_FuzzedMarkdown_OnlyRunbookFormatException()
    {
        var lines = Failover.Split('\n');
        const string alphabet = "# -[]()x*_`<>!:=,/\\\n\t\r 0123456789hmsdPTrequiredoptionalhttps://e.com/\0\u00e9\ud800";
        var mutation = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 40], Gen.Int[0, 200], Gen.Char[alphabet]);
        var script = mutation.Array[1, 6];
        var refused = 0;
        script.Sample(steps =>
        {
            var text = new List<string>(lines);
            foreach (var (kind, line, at, c) in steps)
            {
                if (text.Count == 0)
                {
                    text.Add(string.Empty);
                }

                var i = line % text.Count;
                switch (kind)
                {
                    case 0: text.RemoveAt(i); break;
                    case 1: text.Insert(i, text[(i + 1) % text.Count]); break;
                    case 2: (text[i], text[(i + 3) % text.Count]) = (text[(i + 3) % text.Count], text[i]); break;
                    case 3: text[i] = text[i].Insert(at % (text[i].Length + 1), c.ToString()); break;
                    case 4: text[i] = text[i].Length == 0 ? text[i] : text[i].Remove(at % text[i].Length, 1); break;
                    default: text[i] = new string(c, at % 7) + text[i]; break;
                }
            }

            Check(string.Join('\n', text), ref refused);
        }, iter: 5_000);

        Gen.String[Gen.Char[alphabet], 0, 300].Sample(text => Check(text, ref refused), iter: 3_000);
        Assert.True(refused > 1_000, $"only {refused} of 8000 fuzzed files were refused");
    }

    // The JSON reader (in the core) under the shared JSON mutator: only RunbookFormatException.
    [Fact]
    public void FromJson_FuzzedJson_OnlyRunbookFormatException()
    {
        const string json = """
            { "id": "db-failover", "version": 3, "title": "Database failover", "categories": ["Infrastructure/Database"],
              "services": ["orders-db"], "labels": { "alertname": "PostgresDown" },
              "steps": [ { "text": "Page the DBA", "required": true, "duration": "5m", "links": ["https://wiki.example.com/dba"] } ] }
            """;
        Assert.Equal("db-failover", Runbook.FromJson(json).Id);
        var refused = 0;
        JsonMutator.Scripts.Sample(script =>
        {
            var mutated = JsonMutator.Mutate(json, script);
            try
            {
                Runbook.FromJson(mutated);
            }
            catch (RunbookFormatException ex)
            {
                Assert.All(ex.Problems, p => Assert.InRange(p.Line, 1, mutated.Count(c => c == '\n') + 1));
                Interlocked.Increment(ref refused);
            }
        }, iter: 5_000);

        Assert.True(refused > 1_000, $"only {refused} of 5000 mutated files were refused");
    }

    private static void Check(string text, ref int refused)
    {
        try
        {
            RunbookMarkdown.Parse(text);
        }
        catch (RunbookFormatException ex)
        {
            // Markdig ends a line at CR, LF or CRLF.
            var lineCount = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', '\r').Length;
            Assert.All(ex.Problems, p => Assert.InRange(p.Line, 1, Math.Max(1, lineCount)));
            Interlocked.Increment(ref refused);
        }
    }
}
