namespace IncidentKit.OnCall;

/// <summary>Names how serious a schedule diagnostic is.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ScheduleDiagnosticSeverity
{
    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info = 1,

    /// <summary>Probably a mistake; pages still reach someone.</summary>
    Warning = 2,

    /// <summary>A page may reach no one.</summary>
    Error = 3,
}
