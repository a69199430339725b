using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentKit.Runbooks;

/// <summary>Reads runbooks written as Markdown files, the way teams keep them: a title, a few <c>key: value</c> lines, a task list of steps.</summary>
/// <remarks>
/// <para>The convention (every problem is reported with its line, as a <see cref="RunbookFormatException"/>):</para>
/// <code>
/// # Database failover                      ← the title: the first level-1 heading (exactly one per file)
/// id: db-failover                          ← optional key: value lines, in the paragraph right after the title:
/// version: 3                                 id (default: the title in lower case with dashes), version (default 1),
/// category: Infrastructure/Database          category/categories, service/services (comma-separated),
/// service: orders-db                         labels (comma-separated name=value pairs)
/// labels: alertname=PostgresDown
///
/// Any other paragraphs, headings and plain lists are description and are not read.
///
/// - [ ] Page the DBA on call (required, 5m)             ← a step: a task list item; a trailing group in parentheses may
/// - [ ] Check replication lag on [the dashboard](https://grafana.example.com/d/pg) (optional, 10m)
/// - [ ] Promote the replica (1h30m)                       say required or optional (default required) and an expected
///                                                         duration (90s, 5m, 1h30m, 2d); links in the step are kept.
/// </code>
/// <para>Steps come from every task list in the file, in order; a list that mixes task items with plain items is an error (a step
/// whose box was forgotten), while a list without any task item is description. Whether a box is ticked is ignored: the file is a
/// template. Sub-items and further paragraphs of a step are notes for the reader and are not read. Links must be absolute http or
/// https addresses.</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static partial class RunbookMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseTaskLists().Build();

    private static readonly string[] Keys = ["id", "version", "category", "categories", "service", "services", "labels"];

    /// <summary>Reads one runbook from Markdown.</summary>
    /// <param name="markdown">The file's text.</param>
    /// <param name="fileName">The file's name, for messages; <see langword="null"/> for none.</param>
    /// <returns>The runbook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="markdown"/> is null.</exception>
    /// <exception cref="RunbookFormatException">The text does not follow the convention; every problem is listed with its line.</exception>
    public static Runbook Parse(string markdown, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var draft = new RunbookDraft();
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        HeadingBlock? title = null;
        var afterTitle = false;
        foreach (var block in document)
        {
            var line = block.Line + 1;
            switch (block)
            {
                case HeadingBlock { Level: 1 } heading when title is null:
                    title = heading;
                    draft.Title = Text(heading.Inline, null);
                    draft.TitleLine = line;
                    afterTitle = true;
                    continue;
                case HeadingBlock { Level: 1 }:
                    draft.Problems.Add(new RunbookProblem(line, $"A runbook file holds one runbook: a second title (level-1 heading) follows the one on line {title!.Line + 1}."));
                    break;
                case ParagraphBlock paragraph when afterTitle && SourceLines(markdown, paragraph) is [var first, ..] lines && MetadataLine().IsMatch(first):
                    ReadMetadata(lines, line, draft);
                    break;
                case ListBlock list:
                    ReadSteps(list, draft);
                    break;
            }

            afterTitle = false;
        }

        return draft.Build(fileName);
    }

    // A block's own lines, from the source: Markdig releases a paragraph's line group once its inlines are parsed.
    private static string[] SourceLines(string markdown, Block block)
    {
        var start = Math.Clamp(block.Span.Start, 0, markdown.Length);
        var end = Math.Clamp(block.Span.End + 1, start, markdown.Length);
        return markdown[start..end].Split(["\r\n", "\r", "\n"], StringSplitOptions.None);
    }

    private static void ReadMetadata(string[] lines, int firstLine, RunbookDraft draft)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            var line = firstLine + i;
            var match = MetadataLine().Match(text);
            if (!match.Success)
            {
                draft.Problems.Add(new RunbookProblem(line, "Each line of the block after the title is 'key: value' (id, version, category, service or labels)."));
                continue;
            }

            var key = match.Groups["key"].Value.ToLowerInvariant();
            var value = match.Groups["value"].Value.Trim();
            if (!Keys.Contains(key))
            {
                draft.Problems.Add(new RunbookProblem(line, $"Unknown key '{key}' (expected id, version, category, categories, service, services or labels)."));
                continue;
            }

            var canonical = key.TrimEnd('s') is "categorie" ? "category" : key is "services" ? "service" : key;
            if (!seen.Add(canonical))
            {
                draft.Problems.Add(new RunbookProblem(line, $"Key '{key}' is given twice."));
                continue;
            }

            switch (canonical)
            {
                case "id":
                    draft.Id = value;
                    draft.IdLine = line;
                    break;
                case "version":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 1)
                    {
                        draft.Version = version;
                    }
                    else
                    {
                        draft.Problems.Add(new RunbookProblem(line, $"The version must be a whole number from 1, not '{Shorten(value)}'."));
                    }

                    break;
                case "category":
                    foreach (var category in Split(value))
                    {
                        draft.AddCategory(category, line);
                    }

                    break;
                case "service":
                    foreach (var service in Split(value))
                    {
                        draft.AddService(service, line);
                    }

                    break;
                case "labels":
                    foreach (var pair in Split(value))
                    {
                        var equals = pair.IndexOf('=', StringComparison.Ordinal);
                        if (equals <= 0)
                        {
                            draft.Problems.Add(new RunbookProblem(line, $"Label '{Shorten(pair)}' is not name=value."));
                        }
                        else
                        {
                            draft.AddLabel(pair[..equals].Trim(), pair[(equals + 1)..].Trim(), line);
                        }
                    }

                    break;
            }
        }
    }

    private static void ReadSteps(ListBlock list, RunbookDraft draft)
    {
        var items = list.OfType<ListItemBlock>().ToList();
        var tasks = items.Where(IsTask).ToList();
        if (tasks.Count == 0)
        {
            return;
        }

        foreach (var item in items)
        {
            var line = item.Line + 1;
            if (!IsTask(item))
            {
                draft.Problems.Add(new RunbookProblem(line, "This list holds steps, so every item is a task: write '- [ ] what to do'."));
                continue;
            }

            var paragraph = (ParagraphBlock)item[0];
            var links = new List<string>();
            var text = Text(paragraph.Inline, links);
            var (body, required, duration) = Annotations(text);
            draft.AddStep(body, required, duration, links.Select(l => (l, line)), line);
        }
    }

    private static bool IsTask(ListItemBlock item) =>
        item.Count > 0 && item[0] is ParagraphBlock { Inline.FirstChild: TaskList };

    // Splits a trailing "(required, 5m)" group off a step's text; a group whose parts are not all annotations is part of the text.
    private static (string Text, bool Required, string? Duration) Annotations(string text)
    {
        var match = TrailingGroup().Match(text);
        if (!match.Success)
        {
            return (text, true, null);
        }

        var parts = match.Groups["body"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var required = true;
        string? duration = null;
        foreach (var part in parts)
        {
            if (part.Equals("required", StringComparison.OrdinalIgnoreCase))
            {
                required = true;
            }
            else if (part.Equals("optional", StringComparison.OrdinalIgnoreCase))
            {
                required = false;
            }
            else if (part.Length > 0 && char.IsAsciiDigit(part[0]) && duration is null)
            {
                duration = part;
            }
            else
            {
                return (text, true, null);
            }
        }

        return parts.Length == 0 ? (text, true, null) : (text[..match.Index].TrimEnd(), required, duration);
    }

    private static string Text(ContainerInline? inline, List<string>? links)
    {
        var text = new StringBuilder();
        Append(inline, text, links);
        return text.ToString().Trim();
    }

    private static void Append(Inline? inline, StringBuilder text, List<string>? links)
    {
        for (var node = inline; node is not null; node = node.NextSibling)
        {
            switch (node)
            {
                case TaskList:
                    break;
                case LiteralInline literal:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case AutolinkInline auto:
                    text.Append(auto.Url);
                    links?.Add(auto.Url);
                    break;
                case LinkInline link:
                    Append(link.FirstChild, text, links);
                    if (link.Url is { } url)
                    {
                        links?.Add(url);
                    }

                    break;
                case LineBreakInline:
                    text.Append(' ');
                    break;
                case ContainerInline container:
                    Append(container.FirstChild, text, links);
                    break;
                case HtmlEntityInline entity:
                    text.Append(entity.Transcoded.AsSpan());
                    break;
            }
        }
    }

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z][A-Za-z-]*)\s*:(?<value>.*)$")]
    private static partial Regex MetadataLine();

    [GeneratedRegex(@"\((?<body>[^()]*)\)\s*$")]
    private static partial Regex TrailingGroup();
}
