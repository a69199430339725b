namespace IncidentKit.Sla;

/// <summary>Assembles an <see cref="SlaPolicySet"/>: conditional policies in order, then a fallback.</summary>
/// <threadsafety>This type is mutable and not thread-safe; the set it builds is immutable.</threadsafety>
public sealed class SlaPolicySetBuilder
{
    private readonly List<(SlaPolicyCondition?, SlaPolicy?)> _rules = [];
    private SlaPolicy? _fallback;

    /// <summary>Adds a policy applied when <paramref name="condition"/> matches and no earlier condition did.</summary>
    /// <param name="condition">The condition; checked by <see cref="Build"/>.</param>
    /// <param name="policy">The policy; checked by <see cref="Build"/>.</param>
    /// <returns>This builder.</returns>
    public SlaPolicySetBuilder Add(SlaPolicyCondition condition, SlaPolicy policy)
    {
        _rules.Add((condition, policy));
        return this;
    }

    /// <summary>Sets the policy applied when no condition matches.</summary>
    /// <param name="policy">The fallback policy; required by <see cref="Build"/>.</param>
    /// <returns>This builder.</returns>
    public SlaPolicySetBuilder SetFallback(SlaPolicy policy)
    {
        _fallback = policy;
        return this;
    }

    /// <summary>Validates the configuration and returns the immutable set.</summary>
    /// <returns>The set.</returns>
    /// <exception cref="ConfigurationValidationException">A rule lacks its condition or policy, or the fallback is missing; every problem is listed.</exception>
    public SlaPolicySet Build()
    {
        var errors = new List<string>();
        for (int i = 0; i < _rules.Count; i++)
        {
            if (_rules[i].Item1 is null)
            {
                errors.Add($"Rule {i + 1} has no condition.");
            }
            else if (_rules[i].Item1!.Priorities is null)
            {
                errors.Add($"Rule {i + 1}: the condition's priority list is null; leave it empty to match any priority.");
            }

            if (_rules[i].Item2 is null)
            {
                errors.Add($"Rule {i + 1} has no policy.");
            }
        }

        if (_fallback is null)
        {
            errors.Add("The set has no fallback policy; call SetFallback (in JSON: one policy without \"when\").");
        }

        return errors.Count > 0
            ? throw new ConfigurationValidationException("SLA policy set", errors)
            : new SlaPolicySet([.. _rules.Select(r => (r.Item1!, r.Item2!))], _fallback!);
    }
}
