namespace IncidentKit.Escalation;

/// <summary>Represents one problem found by <see cref="EscalationPolicy.Lint"/>, as data a configuration screen can show.</summary>
/// <param name="Code">What kind of problem.</param>
/// <param name="Level">The level (1-based) concerned, if one is.</param>
/// <param name="Message">A complete sentence describing the problem.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct EscalationDiagnostic(EscalationDiagnosticCode Code, int? Level, string Message);
