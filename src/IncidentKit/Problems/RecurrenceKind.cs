namespace IncidentKit.Problems;

/// <summary>Names what recurring incidents have in common.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum RecurrenceKind
{
    /// <summary>The same service and the same category.</summary>
    ServiceAndCategory = 0,

    /// <summary>The same alert (source and key) linked to each incident.</summary>
    AlertFingerprint = 1,
}
