using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Contracts;
using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Escalation;

/// <summary>Represents the escalation matrix: ordered rules that select the policy and starting level from priority, category and complexity.</summary>
/// <remarks>Rules are tried in order and the first that applies wins; when none applies, the fallback rule does. Built by
/// <see cref="EscalationMatrixBuilder"/>. <see cref="WithPolicy"/> swaps in a new version of a policy everywhere it is used;
/// escalations already in flight keep their snapshot.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class EscalationMatrix
{
    internal EscalationMatrix(IReadOnlyList<EscalationRule> rules, EscalationRule fallback)
    {
        Rules = rules;
        Fallback = fallback;
    }

    /// <summary>Gets the rules, in the order they are tried.</summary>
    public IReadOnlyList<EscalationRule> Rules { get; }

    /// <summary>Gets the rule that applies when no other does.</summary>
    public EscalationRule Fallback { get; }

    /// <summary>Returns the policy and starting level for an incident.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <param name="category">The incident's category, if any.</param>
    /// <param name="complexity">The incident's complexity.</param>
    /// <returns>The first rule that applies (or the fallback) and what it selects.</returns>
    public EscalationSelection Select(Priority priority, CategoryPath? category, Complexity complexity)
    {
        var rule = Fallback;
        foreach (var candidate in Rules)
        {
            if (candidate.AppliesTo(priority, category, complexity))
            {
                rule = candidate;
                break;
            }
        }

        int? hierarchical = null;
        if (rule.NotifyHierarchicalAtOnce)
        {
            var levels = rule.Policy.Levels;
            for (var i = 0; i < levels.Count; i++)
            {
                if (levels[i].Kind == EscalationKind.Hierarchical)
                {
                    hierarchical = i + 1 == rule.StartLevel ? null : i + 1;
                    break;
                }
            }
        }

        return new EscalationSelection(rule, rule.Policy, rule.StartLevel, hierarchical);
    }

    /// <summary>Returns the policy with an id, if a rule uses it.</summary>
    /// <param name="policyId">The policy's id.</param>
    /// <param name="policy">The policy, when found.</param>
    /// <returns><see langword="true"/> when a rule (or the fallback) uses a policy with that id.</returns>
    public bool TryGetPolicy(string policyId, [NotNullWhen(true)] out EscalationPolicy? policy)
    {
        policy = Rules.Append(Fallback).Select(r => r.Policy).FirstOrDefault(p => p.Id == policyId);
        return policy is not null;
    }

    /// <summary>Returns a matrix in which every rule using a policy with the same id uses <paramref name="policy"/> instead.</summary>
    /// <param name="policy">The new version of a policy.</param>
    /// <returns>The new matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">A rule's starting level does not exist in the new version.</exception>
    [Pure]
    public EscalationMatrix WithPolicy(EscalationPolicy policy)
    {
        Guard.Against.Null(policy);
        EscalationRule Swap(EscalationRule r) => r.Policy.Id == policy.Id
            ? new EscalationRule(r.Name, policy, r.PriorityAtLeast, r.CategoryWithin, r.ComplexityAtLeast, r.StartLevel, r.NotifyHierarchicalAtOnce)
            : r;
        var rules = Rules.Select(Swap).ToArray();
        var fallback = Swap(Fallback);
        var errors = EscalationMatrixBuilder.Validate(rules.Append(fallback));
        return errors.Count > 0 ? throw new ConfigurationValidationException("escalation matrix", errors) : new EscalationMatrix(rules, fallback);
    }
}
