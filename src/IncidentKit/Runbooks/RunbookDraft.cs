using IncidentKit.Categories;
using NodaTime;

namespace IncidentKit.Runbooks;

/// <summary>Collects a runbook's parts while a file is read, with the line of each, and turns them into a runbook or a list of problems.</summary>
/// <remarks>Shared by the JSON reader here and the Markdown reader of IncidentKit.Runbooks, so both apply the same rules and
/// report them alike. Every rule is checked here, before <see cref="Runbook"/>'s constructor, so a file never gets an
/// <see cref="ArgumentException"/>, only a <see cref="RunbookFormatException"/> with lines.</remarks>
/// <threadsafety>This type is mutable and not thread-safe.</threadsafety>
public sealed class RunbookDraft
{
    private readonly List<CategoryPath> _categories = [];
    private readonly List<string> _services = [];
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);
    private readonly List<RunbookStep> _steps = [];
    private int _stepsWritten;

    /// <summary>Gets the problems found so far.</summary>
    public List<RunbookProblem> Problems { get; } = [];

    /// <summary>Gets or sets the id, if given.</summary>
    public string? Id { get; set; }

    /// <summary>Gets or sets the line the id was given on.</summary>
    public int IdLine { get; set; } = 1;

    /// <summary>Gets or sets the version.</summary>
    /// <value>The default value is 1.</value>
    public int Version { get; set; } = 1;

    /// <summary>Gets or sets the title, if given.</summary>
    public string? Title { get; set; }

    /// <summary>Gets or sets the line the title was given on.</summary>
    public int TitleLine { get; set; } = 1;

    /// <summary>Adds a category the runbook is for.</summary>
    /// <param name="text">The category path, e.g. <c>Infrastructure/Database</c>.</param>
    /// <param name="line">The line it was given on.</param>
    public void AddCategory(string text, int line)
    {
        try
        {
            _categories.Add(new CategoryPath(text));
        }
        catch (ArgumentException ex)
        {
            Problems.Add(new RunbookProblem(line, $"Category '{Shorten(text)}' is not a category path: {ex.Message}"));
        }
    }

    /// <summary>Adds a service the runbook is for.</summary>
    /// <param name="text">The service's name.</param>
    /// <param name="line">The line it was given on.</param>
    public void AddService(string text, int line)
    {
        if (!IsLine(text, 200))
        {
            Problems.Add(new RunbookProblem(line, "A service must be one line of 1 to 200 characters without control characters."));
            return;
        }

        _services.Add(text.Trim());
    }

    /// <summary>Adds an alert label the runbook is for.</summary>
    /// <param name="name">The label's name.</param>
    /// <param name="value">The value it must have.</param>
    /// <param name="line">The line it was given on.</param>
    public void AddLabel(string name, string value, int line)
    {
        if (!IsLine(name, 200) || value is null || value.Length > 1000 || value.Any(char.IsControl))
        {
            Problems.Add(new RunbookProblem(line, "A label is name=value: a name of 1 to 200 characters and a value of at most 1000, without control characters."));
        }
        else if (!_labels.TryAdd(name.Trim(), value.Trim()))
        {
            Problems.Add(new RunbookProblem(line, $"Label '{Shorten(name)}' is given twice."));
        }
    }

    /// <summary>Adds a step.</summary>
    /// <param name="text">What to do.</param>
    /// <param name="required">Whether it is required.</param>
    /// <param name="duration">The expected duration as written (<see cref="RunbookDurations"/>), if any.</param>
    /// <param name="links">The links as written, each with its line.</param>
    /// <param name="line">The line the step starts on.</param>
    public void AddStep(string text, bool required, string? duration, IEnumerable<(string Text, int Line)> links, int line)
    {
        ArgumentNullException.ThrowIfNull(links);
        _stepsWritten++;
        var ok = true;
        if (!IsLine(text, Runbook.MaxStepTextLength))
        {
            Problems.Add(new RunbookProblem(line, $"A step's text must be one line of 1 to {Runbook.MaxStepTextLength} characters without control characters."));
            ok = false;
        }

        Duration? expected = null;
        if (duration is not null)
        {
            if (RunbookDurations.TryParse(duration, out var d))
            {
                expected = d;
            }
            else
            {
                Problems.Add(new RunbookProblem(line, $"Duration '{Shorten(duration)}' is not valid: write e.g. 90s, 5m, 1h30m or 2d (above zero, at most 7 days)."));
                ok = false;
            }
        }

        var uris = new List<Uri>();
        foreach (var (link, at) in links)
        {
            if (Uri.TryCreate(link, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                uris.Add(uri);
            }
            else
            {
                Problems.Add(new RunbookProblem(at, $"Link '{Shorten(link)}' is not an absolute http or https address."));
                ok = false;
            }
        }

        if (ok)
        {
            _steps.Add(new RunbookStep(text.Trim(), required, expected, uris));
        }
    }

    /// <summary>Returns the runbook, or throws with every problem found.</summary>
    /// <param name="fileName">The file's name, for messages.</param>
    /// <returns>The runbook.</returns>
    /// <exception cref="RunbookFormatException">Problems were found.</exception>
    public Runbook Build(string? fileName)
    {
        if (Title is null || !IsLine(Title, 200))
        {
            Problems.Add(new RunbookProblem(TitleLine, "A runbook needs a title of one line of 1 to 200 characters (in Markdown a level-1 heading such as '# Database failover', in JSON 'title')."));
        }

        var id = Id ?? Slug(Title);
        if (!IsLine(id, 100) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            Problems.Add(new RunbookProblem(IdLine, $"The id '{Shorten(id)}' must be 1 to 100 letters, digits, '-', '_' or '.'."));
        }

        // A file whose steps were all refused has its problems listed already; "no steps" is for a file without any.
        if (_stepsWritten == 0)
        {
            Problems.Add(new RunbookProblem(TitleLine, "A runbook needs at least one step."));
        }

        if (_steps.Count > Runbook.MaxSteps)
        {
            Problems.Add(new RunbookProblem(TitleLine, $"A runbook has at most {Runbook.MaxSteps} steps, not {_steps.Count}."));
        }

        if (Problems.Count > 0)
        {
            throw new RunbookFormatException(fileName, [.. Problems.OrderBy(p => p.Line)]);
        }

        try
        {
            return new Runbook(id, Version, Title!.Trim(), _steps, new RunbookSelector([.. _categories], [.. _services], new Dictionary<string, string>(_labels, StringComparer.Ordinal)));
        }
        catch (ArgumentException ex)
        {
            // Every rule is checked above; this keeps a rule added to Runbook later from escaping as an ArgumentException.
            throw new RunbookFormatException(fileName, [new RunbookProblem(TitleLine, ex.Message)]);
        }
    }

    private static bool IsLine(string? text, int max) =>
        !string.IsNullOrWhiteSpace(text) && text.Trim().Length <= max && !text.Any(char.IsControl);

    private static string Slug(string? title)
    {
        if (title is null)
        {
            return "runbook";
        }

        var slug = new string([.. title.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        slug = slug.Trim('-');
        return slug.Length == 0 ? "runbook" : slug[..Math.Min(slug.Length, 100)];
    }

    private static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 60 ? text : text[..60] + "…";
}
