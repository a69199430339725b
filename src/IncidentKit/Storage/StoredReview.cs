using IncidentKit.Reporting.Reviews;

namespace IncidentKit.Storage;

/// <summary>Holds a review as stored, with the version a save must expect.</summary>
/// <param name="Review">The review.</param>
/// <param name="Version">The stored version (1 or more).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record StoredReview(PostIncidentReview Review, long Version);
