using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Escalation;

/// <summary>Assembles an <see cref="EscalationMatrix"/>; <see cref="Build"/> validates it once and lists every problem.</summary>
/// <example>
/// <code>
/// var matrix = new EscalationMatrixBuilder()
///     .AddRule("p1-security", securityPolicy, priorityAtLeast: Priority.P1, categoryWithin: new CategoryPath("Security"),
///              startLevel: 2, notifyHierarchicalAtOnce: true)
///     .AddRule("p1", majorPolicy, priorityAtLeast: Priority.P1)
///     .UseFallback(standardPolicy)
///     .Build();
/// </code>
/// </example>
/// <threadsafety>This type is mutable and not thread-safe; the matrices it builds are.</threadsafety>
public sealed class EscalationMatrixBuilder
{
    internal const string FallbackName = "fallback";

    private readonly List<EscalationRule> _rules = [];
    private EscalationRule? _fallback;

    /// <summary>Adds a rule after the ones added so far; earlier rules win.</summary>
    /// <param name="name">The rule's name, unique within the matrix.</param>
    /// <param name="policy">The policy it selects.</param>
    /// <param name="priorityAtLeast">The least pressing priority it applies to, or <see langword="null"/> for any.</param>
    /// <param name="categoryWithin">The category subtree it applies to, or <see langword="null"/> for any.</param>
    /// <param name="complexityAtLeast">The least complexity it applies to, or <see langword="null"/> for any.</param>
    /// <param name="startLevel">The level (1-based) the escalation starts at.</param>
    /// <param name="notifyHierarchicalAtOnce">Whether the policy's first hierarchical level is notified at once as well.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public EscalationMatrixBuilder AddRule(string name, EscalationPolicy policy, Priority? priorityAtLeast = null, CategoryPath? categoryWithin = null,
        Complexity? complexityAtLeast = null, int startLevel = 1, bool notifyHierarchicalAtOnce = false)
    {
        Guard.Against.NullOrWhiteSpace(name);
        Guard.Against.Null(policy);
        _rules.Add(new EscalationRule(name, policy, priorityAtLeast, categoryWithin, complexityAtLeast, startLevel, notifyHierarchicalAtOnce));
        return this;
    }

    /// <summary>Sets the policy used when no rule applies.</summary>
    /// <param name="policy">The policy.</param>
    /// <param name="startLevel">The level (1-based) the escalation starts at.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public EscalationMatrixBuilder UseFallback(EscalationPolicy policy, int startLevel = 1)
    {
        Guard.Against.Null(policy);
        _fallback = new EscalationRule(FallbackName, policy, null, null, null, startLevel, notifyHierarchicalAtOnce: false);
        return this;
    }

    /// <summary>Validates the rules and freezes them into a matrix.</summary>
    /// <returns>The immutable matrix.</returns>
    /// <exception cref="ConfigurationValidationException">There is no fallback; rule names repeat; a starting level does not exist in its policy;
    /// a rule asks to notify management at once but its policy has no hierarchical level; an undefined complexity is used; or two
    /// rules use different versions of one policy. Every such problem is listed.</exception>
    public EscalationMatrix Build()
    {
        var errors = Validate(_fallback is null ? _rules : _rules.Append(_fallback));
        if (_fallback is null)
        {
            errors.Insert(0, "The matrix has no fallback policy; call UseFallback.");
        }

        return errors.Count > 0 ? throw new ConfigurationValidationException("escalation matrix", errors) : new EscalationMatrix(_rules.ToArray(), _fallback!);
    }

    internal static List<string> Validate(IEnumerable<EscalationRule> rules)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (!names.Add(rule.Name))
            {
                errors.Add($"Rule name '{rule.Name}' is used twice.");
            }

            if (rule.StartLevel < 1 || rule.StartLevel > rule.Policy.Levels.Count)
            {
                errors.Add($"Rule '{rule.Name}' starts at level {rule.StartLevel}, but policy '{rule.Policy.Id}' has levels 1 to {rule.Policy.Levels.Count}.");
            }

            if (rule.NotifyHierarchicalAtOnce && !rule.Policy.Levels.Any(l => l.Kind == EscalationKind.Hierarchical))
            {
                errors.Add($"Rule '{rule.Name}' notifies management at once, but policy '{rule.Policy.Id}' has no hierarchical level.");
            }

            if (rule.ComplexityAtLeast is { } complexity && !Enum.IsDefined(complexity))
            {
                errors.Add($"Rule '{rule.Name}' uses an undefined complexity ({(int)complexity}).");
            }

            if (versions.TryGetValue(rule.Policy.Id, out var version) && version != rule.Policy.Version)
            {
                errors.Add($"Rule '{rule.Name}' uses version {rule.Policy.Version} of policy '{rule.Policy.Id}', another rule version {version}.");
            }

            versions.TryAdd(rule.Policy.Id, rule.Policy.Version);
        }

        return errors;
    }
}
