using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.Storage;

/// <summary>Filters and pages a tenant's incidents; every filter left <see langword="null"/> matches everything.</summary>
/// <remarks>Results are ordered by <see cref="IncidentSummary.OpenedAt"/>, then by id, and paged by an opaque continuation token.</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentQuery
{
    /// <summary>Gets the states to include.</summary>
    /// <value>The default value is the open states (New, Acknowledged, InProgress, OnHold).</value>
    public IReadOnlyList<IncidentState> States { get; init; } = IncidentLifecycle.OpenStates;

    /// <summary>Gets the only priority to include, or <see langword="null"/> for all.</summary>
    public Priority? Priority { get; init; }

    /// <summary>Gets the only assignee to include, or <see langword="null"/> for all.</summary>
    public UserId? Assignee { get; init; }

    /// <summary>Gets the category to include, with everything below it, or <see langword="null"/> for all.</summary>
    public CategoryPath? Category { get; init; }

    /// <summary>Gets the largest number of incidents on one page, 1 to 1000.</summary>
    /// <value>The default value is 100.</value>
    public int PageSize { get; init; } = 100;

    /// <summary>Gets the token of the page to read, from <see cref="IncidentPage.ContinuationToken"/>; <see langword="null"/> for the first page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>Gets the query for the first page of all open incidents.</summary>
    public static IncidentQuery Open { get; } = new();

    /// <summary>Returns whether a summary passes the filters (not the paging).</summary>
    /// <param name="summary">The summary.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(IncidentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return States.Contains(summary.State)
            && (Priority is not { } p || summary.Priority == p)
            && (Assignee is not { } a || summary.Assignee == a)
            && (Category is not { } c || (summary.Category is { } sc && sc.IsWithin(c)));
    }
}
