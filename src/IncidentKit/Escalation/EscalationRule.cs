using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Escalation;

/// <summary>Represents one rule of an <see cref="EscalationMatrix"/>: when it applies, which policy it selects and where it starts.</summary>
/// <remarks>A rule applies when every criterion it sets holds: the priority is at least as pressing as <see cref="PriorityAtLeast"/>,
/// the category lies within <see cref="CategoryWithin"/> (its subtree), and the complexity is at least <see cref="ComplexityAtLeast"/>.
/// An unset criterion always holds.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class EscalationRule
{
    internal EscalationRule(string name, EscalationPolicy policy, Priority? priorityAtLeast, CategoryPath? categoryWithin, Complexity? complexityAtLeast,
        int startLevel, bool notifyHierarchicalAtOnce)
    {
        Name = name;
        Policy = policy;
        PriorityAtLeast = priorityAtLeast;
        CategoryWithin = categoryWithin;
        ComplexityAtLeast = complexityAtLeast;
        StartLevel = startLevel;
        NotifyHierarchicalAtOnce = notifyHierarchicalAtOnce;
    }

    /// <summary>Gets the rule's name, unique within its matrix.</summary>
    public string Name { get; }

    /// <summary>Gets the policy the rule selects.</summary>
    public EscalationPolicy Policy { get; }

    /// <summary>Gets the least pressing priority the rule applies to, if it filters on priority.</summary>
    public Priority? PriorityAtLeast { get; }

    /// <summary>Gets the category subtree the rule applies to, if it filters on category.</summary>
    public CategoryPath? CategoryWithin { get; }

    /// <summary>Gets the least complexity the rule applies to, if it filters on complexity.</summary>
    public Complexity? ComplexityAtLeast { get; }

    /// <summary>Gets the level (1-based) the escalation starts at.</summary>
    public int StartLevel { get; }

    /// <summary>Gets whether the policy's first hierarchical level is notified at once as well, e.g. management for a P1 security incident.</summary>
    public bool NotifyHierarchicalAtOnce { get; }

    /// <summary>Returns whether the rule applies to an incident.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <param name="category">The incident's category, if any; a rule filtering on category never applies to an uncategorised incident.</param>
    /// <param name="complexity">The incident's complexity.</param>
    /// <returns><see langword="true"/> when every criterion the rule sets holds.</returns>
    public bool AppliesTo(Priority priority, CategoryPath? category, Complexity complexity) =>
        (PriorityAtLeast is not { } p || priority <= p) &&
        (CategoryWithin is not { } c || (category is { } actual && actual.IsWithin(c))) &&
        (ComplexityAtLeast is not { } x || complexity >= x);

    /// <summary>Returns the rule's name and criteria, e.g. for logs.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() =>
        $"{Name}: {(PriorityAtLeast is { } p ? $"{p} or higher" : "any priority")}, {(CategoryWithin is { } c ? $"within {c}" : "any category")}, " +
        $"{(ComplexityAtLeast is { } x ? $"{x} or more complex" : "any complexity")} -> {Policy.Id} from level {StartLevel}{(NotifyHierarchicalAtOnce ? " + management at once" : "")}";
}
