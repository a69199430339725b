using IncidentKit.Guards;
using NodaTime;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Holds what the review's authors write, as opposed to what is read from the incident's history: their summary and root
/// cause (when they override the generated ones), contributing factors, what went well and what did not, and action items.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ReviewAuthoring
{
    /// <summary>The most characters a summary or root cause may have.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>The most entries a list (factors, went well, went badly, action items) may have.</summary>
    public const int MaxEntries = 100;

    /// <summary>The most characters one list entry may have.</summary>
    public const int MaxEntryLength = 2000;

    /// <summary>Gets who is responsible for the review (reminded when it falls due in draft); null leaves it to the incident's assignee.</summary>
    public UserId? Owner { get; init; }

    /// <summary>Gets the review's status.</summary>
    /// <value>The default value is <see cref="ReviewStatus.Draft"/>.</value>
    public ReviewStatus Status { get; init; }

    /// <summary>Gets the authors' summary, replacing the generated one; null keeps the generated summary.</summary>
    public string? Summary { get; init; }

    /// <summary>Gets the authors' root cause, replacing the last confirmed root cause of the diagnosis; null keeps that.</summary>
    public string? RootCause { get; init; }

    /// <summary>Gets when service was restored, if before resolution; null measures mitigation to the resolution.</summary>
    public Instant? MitigatedAt { get; init; }

    /// <summary>Gets the contributing factors.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> ContributingFactors { get; init; } = [];

    /// <summary>Gets what went well.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> WentWell { get; init; } = [];

    /// <summary>Gets what did not go well.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> WentBadly { get; init; } = [];

    /// <summary>Gets the action items.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];

    /// <summary>Throws when the authored content is invalid, listing every problem with its field path.</summary>
    /// <exception cref="ArgumentException">A text is too long or holds a control character, a list is too long or null, a status is
    /// unknown, or two action items share an id.</exception>
    public void Validate()
    {
        List<string> problems = [];
        CheckText(problems, "summary", Summary);
        CheckText(problems, "rootCause", RootCause);
        if (!Enum.IsDefined(Status))
        {
            problems.Add($"status: expected Draft or Published but got {(int)Status}.");
        }

        CheckList(problems, "contributingFactors", ContributingFactors);
        CheckList(problems, "wentWell", WentWell);
        CheckList(problems, "wentBadly", WentBadly);
        if (ActionItems is null)
        {
            problems.Add("actionItems: expected a list, got null.");
        }
        else
        {
            if (ActionItems.Count > MaxEntries)
            {
                problems.Add($"actionItems: at most {MaxEntries} items, got {ActionItems.Count}.");
            }

            for (var i = 0; i < ActionItems.Count; i++)
            {
                if (ActionItems[i] is null)
                {
                    problems.Add($"actionItems[{i}]: expected an item, got null.");
                }
                else if (ActionItems.Take(i).Any(a => a?.Id == ActionItems[i].Id))
                {
                    problems.Add($"actionItems[{i}].id: {ActionItems[i].Id} is used by an earlier item.");
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid review: " + string.Join(" ", problems), nameof(ReviewAuthoring));
        }
    }

    private static void CheckText(List<string> problems, string path, string? text)
    {
        if (text is null)
        {
            return;
        }

        try
        {
            Ardalis.GuardClauses.Guard.Against.InvalidText(text, MaxTextLength, path);
        }
        catch (ArgumentException e)
        {
            problems.Add($"{path}: {e.Message}");
        }
    }

    private static void CheckList(List<string> problems, string path, IReadOnlyList<string> list)
    {
        if (list is null)
        {
            problems.Add($"{path}: expected a list, got null.");
            return;
        }

        if (list.Count > MaxEntries)
        {
            problems.Add($"{path}: at most {MaxEntries} entries, got {list.Count}.");
        }

        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                problems.Add($"{path}[{i}]: expected a text, got null.");
                continue;
            }

            CheckText(problems, $"{path}[{i}]", list[i]);
            if (list[i].Length > MaxEntryLength)
            {
                problems.Add($"{path}[{i}]: at most {MaxEntryLength} characters, got {list[i].Length}.");
            }
        }
    }
}
