using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents one finding of a schedule lint, to show on a configuration screen.</summary>
/// <param name="Schedule">The schedule concerned.</param>
/// <param name="Severity">How serious the finding is.</param>
/// <param name="Code">A stable code from <see cref="ScheduleDiagnosticCodes"/>.</param>
/// <param name="Message">A readable explanation.</param>
/// <param name="Interval">The interval concerned, clipped to the linted window.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ScheduleDiagnostic(ScheduleId Schedule, ScheduleDiagnosticSeverity Severity, string Code, string Message, Interval Interval)
{
    /// <summary>Returns the code, severity and message on one line.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"{Code} {Severity} {Schedule}: {Message}";
}
