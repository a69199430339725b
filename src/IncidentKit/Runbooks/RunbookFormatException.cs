namespace IncidentKit.Runbooks;

/// <summary>Thrown when a runbook file (Markdown or JSON) is not a valid runbook; lists every problem found, each with its line.</summary>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class RunbookFormatException : FormatException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="fileName">The file's name, or <see langword="null"/> when the text did not come from a file.</param>
    /// <param name="problems">Every problem found, at least one, in line order.</param>
    /// <exception cref="ArgumentException"><paramref name="problems"/> is empty.</exception>
    public RunbookFormatException(string? fileName, IReadOnlyList<RunbookProblem> problems)
        : base(FormatMessage(fileName, problems))
    {
        FileName = fileName;
        Problems = problems;
    }

    /// <summary>Gets the file's name, if known.</summary>
    public string? FileName { get; }

    /// <summary>Gets every problem found, in line order.</summary>
    public IReadOnlyList<RunbookProblem> Problems { get; }

    /// <summary>Gets the line of the first problem, from 1.</summary>
    public int Line => Problems[0].Line;

    private static string FormatMessage(string? fileName, IReadOnlyList<RunbookProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("Expected at least one problem.", nameof(problems));
        }

        var where = fileName is null ? "The runbook" : $"Runbook '{fileName}'";
        return $"{where} is invalid ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):" +
               string.Concat(problems.Select(p => Environment.NewLine + " - " + p));
    }
}
