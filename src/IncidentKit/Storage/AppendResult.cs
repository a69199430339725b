namespace IncidentKit.Storage;

/// <summary>Describes the outcome of a successful append.</summary>
/// <param name="Version">The stream's version after the append.</param>
/// <param name="WasDuplicate">Whether every event id was stored already, so nothing was written (an idempotent repeat).</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct AppendResult(long Version, bool WasDuplicate);
