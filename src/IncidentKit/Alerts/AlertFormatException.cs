namespace IncidentKit.Alerts;

/// <summary>Reports an alert body that cannot be accepted: malformed JSON, a wrong type, a missing field, an unknown version or an oversized body.</summary>
/// <remarks>Parsers throw only this exception for bad input, and nothing is recorded when they do. <see cref="Field"/> names the
/// offending field as a JSON pointer (<c>/alerts/0/startsAt</c>); the empty pointer stands for the whole body.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class AlertFormatException : FormatException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="field">The offending field as a JSON pointer; empty for the whole body.</param>
    /// <param name="problem">What is wrong and what is allowed.</param>
    /// <param name="innerException">The underlying parser error, if any.</param>
    public AlertFormatException(string field, string problem, Exception? innerException = null)
        : base(string.IsNullOrEmpty(field) ? $"The body is invalid: {problem}" : $"Field '{field}' is invalid: {problem}", innerException)
    {
        Field = field ?? string.Empty;
        Problem = problem ?? string.Empty;
    }

    /// <summary>Gets the offending field as a JSON pointer; empty for the whole body.</summary>
    public string Field { get; }

    /// <summary>Gets what is wrong and what is allowed.</summary>
    public string Problem { get; }
}
