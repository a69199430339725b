namespace IncidentKit.Communication;

/// <summary>Represents a template's output: the subject line and the body text.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The body text.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct RenderedNotification(string Subject, string Body);
