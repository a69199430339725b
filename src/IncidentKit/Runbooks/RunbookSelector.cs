using IncidentKit.Categories;

namespace IncidentKit.Runbooks;

/// <summary>Describes which incidents a runbook is for: categories (each with everything within it), services, and alert labels.</summary>
/// <remarks>A runbook matches when every part that is given matches: the incident's category lies within one of the categories, its
/// service is one of the services (ignoring case), and each label is present with the same value. A selector with no part matches
/// nothing, so a runbook is never attached everywhere by accident.</remarks>
/// <param name="Categories">The categories.</param>
/// <param name="Services">The services.</param>
/// <param name="Labels">The alert labels, name to value.</param>
/// <threadsafety>This type is immutable as long as the collections handed in are not changed.</threadsafety>
public sealed record RunbookSelector(IReadOnlyList<CategoryPath> Categories, IReadOnlyList<string> Services, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Gets whether the selector names nothing (and so matches nothing).</summary>
    public bool IsEmpty => Categories.Count == 0 && Services.Count == 0 && Labels.Count == 0;

    /// <summary>Returns how specifically the selector matches, or -1 when it does not.</summary>
    /// <param name="category">The incident's category, if any.</param>
    /// <param name="service">The incident's service, if any.</param>
    /// <param name="labels">The labels of the alert behind the incident, if any.</param>
    /// <returns>-1 for no match; otherwise the number of parts given plus the depth of the matched category, so a runbook for
    /// <c>Infrastructure/Database</c> and service <c>orders-db</c> beats one for <c>Infrastructure</c> alone.</returns>
    public int Score(CategoryPath? category, string? service, IReadOnlyDictionary<string, string>? labels)
    {
        if (IsEmpty)
        {
            return -1;
        }

        var score = 0;
        if (Categories.Count > 0)
        {
            if (category is not { } c || !Categories.Any(c.IsWithin))
            {
                return -1;
            }

            score += 1 + Categories.Where(c.IsWithin).Max(x => x.Segments.Count);
        }

        if (Services.Count > 0)
        {
            if (service is null || !Services.Contains(service, StringComparer.OrdinalIgnoreCase))
            {
                return -1;
            }

            score += 2;
        }

        foreach (var (name, value) in Labels)
        {
            if (labels is null || !labels.TryGetValue(name, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return -1;
            }

            score += 2;
        }

        return score;
    }
}
