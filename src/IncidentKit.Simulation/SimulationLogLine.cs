using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Holds one line of what happened in a simulation, in the order it happened.</summary>
/// <param name="At">The virtual instant.</param>
/// <param name="Incident">The simulated incident's number (<c>SIM-0001</c>), or <see langword="null"/> for a line about the scenario.</param>
/// <param name="Text">What happened.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SimulationLogLine(Instant At, string? Incident, string Text)
{
    /// <summary>Returns the line as printed: the instant, the incident and the text.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => $"{SimulationText.At(At)}  {Incident ?? "-"}  {Text}";
}
