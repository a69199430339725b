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

    /// <summary>Parses escalation policies, the matrix rules that select them, and the fallback from one JSON document.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The matrix, built by <see cref="EscalationPolicyBuilder"/> and <see cref="EscalationMatrixBuilder"/> so their validation applies.</returns>
    /// <remarks>
    /// <para>The shape is <c>{ "policies": [ { "id": "standard", "name": "Standard", "levels": [ { "kind": "functional", "delay": "5m",
    /// "targets": [ "schedule:dba-primary", "team:dba", "role:service-owner-manager", "user:alice" ] } ], "repeat": { "times": 2, "from": 1 } } ],
    /// "rules": [ { "name": "p1-security", "policy": "major", "priorityAtLeast": "P1", "categoryWithin": "Security", "complexityAtLeast": "complex",
    /// "startLevel": 2, "notifyHierarchicalAtOnce": true } ], "fallback": "standard" }</c>.</para>
    /// <para>A level's <c>kind</c> defaults to functional; it may also have <c>jumpTo</c> (a 1-based level) and <c>allowZeroDelay</c>.
    /// Delays are ISO-8601 (<c>"PT5M"</c>) or short (<c>"5m"</c>, <c>"1h30m"</c>, <c>"45s"</c>). <c>repeat</c> is <c>{ "times": n, "from": level }</c>
    /// or <c>{ "forever": true, "from": level }</c>, and left out for no repeat. A policy's <c>name</c> defaults to its id and its
    /// <c>version</c> to 1. Rules are tried in order; every criterion is optional. <c>fallback</c> is a policy id or
    /// <c>{ "policy": id, "startLevel": n }</c>. Policies no rule uses are checked but not kept.</para>
    /// <para>Property, kind and complexity names are case-insensitive, comments and trailing commas are allowed, unknown properties are
    /// rejected, and null, <c>""</c> or <c>[]</c> stand for a left-out optional value.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The JSON is malformed or describes invalid policies or rules; every problem is listed with its JSON path.</exception>
    public static EscalationMatrix FromJson(string json) => EscalationMatrixJson.ParseMatrix(Guard.Against.Null(json));

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
