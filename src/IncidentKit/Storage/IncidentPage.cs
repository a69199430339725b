using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Holds one page of a tenant's incidents.</summary>
/// <param name="Items">The incidents on this page, in query order.</param>
/// <param name="ContinuationToken">The token of the next page, or <see langword="null"/> when this is the last.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentPage(IReadOnlyList<IncidentSummary> Items, string? ContinuationToken);
