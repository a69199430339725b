using IncidentKit.Problems;

namespace IncidentKit.Storage;

/// <summary>Holds a problem as stored, with the version a save must expect.</summary>
/// <param name="Problem">The problem.</param>
/// <param name="Version">The stored version (1 or more).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record StoredProblem(Problem Problem, long Version);
