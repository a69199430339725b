namespace IncidentKit;

/// <summary>Thrown by a builder's <c>Build()</c> when the configuration it holds is invalid; lists every problem at once.</summary>
/// <remarks>Builders validate once, when frozen, so that a configuration screen can show all problems together (as Polly's <c>ValidationException</c> does).</remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class ConfigurationValidationException : ArgumentException
{
    /// <summary>Initializes the exception with the name of what was built and the problems found.</summary>
    /// <param name="subject">What was being built, e.g. "priority matrix".</param>
    /// <param name="errors">Every problem found, each a complete sentence.</param>
    public ConfigurationValidationException(string subject, IReadOnlyList<string> errors)
        : base(FormatMessage(subject, errors))
    {
        Subject = subject;
        Errors = errors;
    }

    /// <summary>Gets what was being built.</summary>
    public string Subject { get; }

    /// <summary>Gets every problem found, each a complete sentence.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(string subject, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return $"The {subject} is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):" +
               string.Concat(errors.Select(e => Environment.NewLine + " - " + e));
    }
}
