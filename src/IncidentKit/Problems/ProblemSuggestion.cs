using NodaTime;

namespace IncidentKit.Problems;

/// <summary>Suggests opening a problem: incidents sharing a key recurred at least the configured number of times within the
/// configured window.</summary>
/// <param name="Key">What the incidents share.</param>
/// <param name="Evidence">Every incident of the key that lies in some qualifying window, oldest first (ties by id).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ProblemSuggestion(RecurrenceKey Key, IReadOnlyList<RecurrenceEvidence> Evidence)
{
    /// <summary>Gets when the first incident of the evidence was opened.</summary>
    public Instant FirstOpenedAt => Evidence[0].OpenedAt;

    /// <summary>Gets when the last incident of the evidence was opened.</summary>
    public Instant LastOpenedAt => Evidence[^1].OpenedAt;

    /// <summary>Gets a title for a problem opened from the suggestion.</summary>
    public string SuggestedTitle => $"Recurring incidents: {Key} ({Evidence.Count} incidents)";
}
