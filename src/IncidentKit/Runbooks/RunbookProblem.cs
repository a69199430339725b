namespace IncidentKit.Runbooks;

/// <summary>Describes one problem found in a runbook file.</summary>
/// <param name="Line">The line it was found on, from 1.</param>
/// <param name="Message">What is wrong and what is allowed, as a sentence.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RunbookProblem(int Line, string Message)
{
    /// <summary>Returns the problem as <c>line N: message</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"line {Line}: {Message}";
}
