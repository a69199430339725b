using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Prioritization;

namespace IncidentKit.Sla;

/// <summary>Holds SLA policies with the conditions that select them and a fallback: the first policy whose condition matches applies.</summary>
/// <remarks>
/// <para>Selection uses the incident's current priority, category and tenant; the SLA fold re-selects after every priority
/// change or recategorisation and applies the new policy to the whole history.</para>
/// <para>JSON (<see cref="FromJson(string)"/>): <c>{ "policies": [ { "name": "gold", "when": { "tenant": "acme", "category": "network",
/// "priorities": ["P1"] }, "calendar": "london-office", "targets": { "P1": { "response": "15m", "resolution": { "within": "PT4H",
/// "calendar": "24x7" }, "update": "30m" } }, "warnings": { "resolution": [50, 80] }, "pausedBy": { "resolution": ["onHold"] },
/// "reopen": "restart" }, { "name": "standard", "targets": { … } } ] }</c>. Policies with <c>"when"</c> are tried in order; the
/// one policy without <c>"when"</c> is the fallback. Durations are ISO-8601 (<c>"PT4H"</c>, <c>"PT1H30M"</c>) or short
/// (<c>"4h"</c>, <c>"90m"</c>, <c>"1h30m"</c>, <c>"45s"</c>); days are refused because a business day is not 24 hours.
/// Calendars are referenced by name and resolved by the <see cref="SlaEngine"/>.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class SlaPolicySet
{
    private readonly (SlaPolicyCondition Condition, SlaPolicy Policy)[] _rules;

    internal SlaPolicySet((SlaPolicyCondition, SlaPolicy)[] rules, SlaPolicy fallback)
    {
        _rules = rules;
        Fallback = fallback;
        Rules = [.. rules.Select(r => new KeyValuePair<SlaPolicyCondition, SlaPolicy>(r.Item1, r.Item2))];
    }

    /// <summary>Gets the policy applied when no condition matches.</summary>
    public SlaPolicy Fallback { get; }

    /// <summary>Gets the conditional policies, in the order they are tried.</summary>
    public IReadOnlyList<KeyValuePair<SlaPolicyCondition, SlaPolicy>> Rules { get; }

    /// <summary>Gets every policy, conditional ones first and the fallback last.</summary>
    public IEnumerable<SlaPolicy> Policies => _rules.Select(r => r.Policy).Append(Fallback);

    /// <summary>Parses a policy set from JSON (see the remarks of <see cref="SlaPolicySet"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The policy set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The JSON is malformed or describes an invalid policy set; every problem is listed with its JSON path.</exception>
    public static SlaPolicySet FromJson(string json) => SlaPolicyJson.Parse(Guard.Against.Null(json));

    /// <summary>Returns a set that applies one policy to every incident.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policy"/> is null.</exception>
    public static SlaPolicySet ForAll(SlaPolicy policy) => new([], Guard.Against.Null(policy));

    /// <summary>Returns the policy for an incident with these attributes.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <param name="category">The incident's category, if any.</param>
    /// <param name="tenant">The incident's tenant.</param>
    /// <returns>The first matching policy, else <see cref="Fallback"/>.</returns>
    public SlaPolicy Select(Priority priority, CategoryPath? category, TenantId tenant)
    {
        foreach (var (condition, policy) in _rules)
        {
            if (condition.Matches(priority, category, tenant))
            {
                return policy;
            }
        }

        return Fallback;
    }
}
