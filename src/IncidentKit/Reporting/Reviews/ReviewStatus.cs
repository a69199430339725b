namespace IncidentKit.Reporting.Reviews;

/// <summary>Names where a post-incident review stands.</summary>
/// <remarks>Stores keep the name; never rename a member.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ReviewStatus
{
    /// <summary>Being written; a review still in draft when it falls due reminds its owner.</summary>
    Draft = 0,

    /// <summary>Finished and shared.</summary>
    Published = 1,
}
