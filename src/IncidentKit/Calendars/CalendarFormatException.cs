namespace IncidentKit.Calendars;

/// <summary>Reports that a business calendar definition (JSON or builder input) is invalid, saying where and why.</summary>
/// <remarks>
/// Every problem found is listed, one per line of <see cref="Exception.Message"/> and one per item of
/// <see cref="Problems"/>. Each problem starts with its location: a JSON path such as <c>$.weekly.monday[1]</c> or
/// <c>$.versions[2].effectiveFrom</c> for JSON input, or a builder location such as <c>weekly.monday[1]</c>.
/// </remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class CalendarFormatException : FormatException
{
    /// <summary>Initializes the exception from the list of problems found.</summary>
    /// <param name="problems">The problems, each starting with its location; at least one.</param>
    /// <param name="innerException">The parser exception that caused the failure, if any.</param>
    public CalendarFormatException(IEnumerable<string> problems, Exception? innerException = null)
        : this(problems?.ToArray() ?? [], innerException)
    {
    }

    private CalendarFormatException(string[] problems, Exception? innerException)
        : base(Describe(problems), innerException)
    {
        Problems = problems;
    }

    /// <summary>Gets the problems found, each starting with its location.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(string[] problems) => problems.Length switch
    {
        0 => "The business calendar is invalid.",
        1 => "The business calendar is invalid: " + problems[0],
        _ => "The business calendar is invalid (" + problems.Length + " problems):" + Environment.NewLine + string.Join(Environment.NewLine, problems),
    };
}
