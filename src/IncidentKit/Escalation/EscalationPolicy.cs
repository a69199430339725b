using System.Diagnostics.Contracts;
using Ardalis.GuardClauses;

namespace IncidentKit.Escalation;

/// <summary>Represents an escalation policy: ordered levels of people to notify, with delays, kinds, jumps and a repeat rule.</summary>
/// <remarks>
/// <para>Built by <see cref="EscalationPolicyBuilder"/>, which validates once. "Changes" such as <see cref="WithLevel"/> are pure:
/// they return a new, validated policy whose <see cref="Version"/> is one higher, and leave this one untouched.</para>
/// <para>Escalations never read a policy while in flight; they read the <see cref="EscalationPolicySnapshot"/> taken when they
/// started (<see cref="ToSnapshot"/>). Structural problems that are legal but suspicious (an unreachable level, a level with no
/// target, a loop that never ends) are reported by <see cref="Lint"/> as data, not thrown.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed partial class EscalationPolicy
{
    internal const int MaxLevels = 64;

    internal EscalationPolicy(string id, string name, int version, IReadOnlyList<EscalationLevel> levels, EscalationRepeat repeat,
        IReadOnlyList<EscalationTarget>? fallback = null)
    {
        Id = id;
        Name = name;
        Version = version;
        Levels = Array.AsReadOnly(levels.ToArray());
        Repeat = repeat;
        Fallback = Array.AsReadOnly(fallback?.ToArray() ?? []);
    }

    /// <summary>Gets the policy's id, stable across versions.</summary>
    public string Id { get; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; }

    /// <summary>Gets the version: 1 when first built, one higher after each change.</summary>
    public int Version { get; }

    /// <summary>Gets the levels, in order (level 1 first).</summary>
    public IReadOnlyList<EscalationLevel> Levels { get; }

    /// <summary>Gets the repeat rule.</summary>
    public EscalationRepeat Repeat { get; }

    /// <summary>Gets who is paged when a level's targets resolve to nobody at run time (a schedule with a gap, an empty team).</summary>
    /// <remarks>Empty unless set with <see cref="EscalationPolicyBuilder.UseFallback"/>. A step whose level resolves to nobody pages
    /// these instead and still lists the level's targets as unresolved, so a host raises a health signal either way; without a
    /// fallback (or when it resolves to nobody too) the step pages nobody and the signal is the only alarm.</remarks>
    public IReadOnlyList<EscalationTarget> Fallback { get; }

    /// <summary>Returns a copy of this policy version for an escalation to carry.</summary>
    /// <returns>The snapshot.</returns>
    public EscalationPolicySnapshot ToSnapshot() => new(Id, Version, Name, Levels, Repeat) { Fallback = Fallback };

    /// <summary>Returns a new version of the policy with one level replaced.</summary>
    /// <param name="level">The level number (1-based) to replace.</param>
    /// <param name="replacement">The new level.</param>
    /// <returns>The new policy, with <see cref="Version"/> one higher.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a level of this policy.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="replacement"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The changed policy is invalid.</exception>
    [Pure]
    public EscalationPolicy WithLevel(int level, EscalationLevel replacement)
    {
        Guard.Against.OutOfRange(level, nameof(level), 1, Levels.Count);
        Guard.Against.Null(replacement);
        var levels = Levels.ToArray();
        levels[level - 1] = replacement;
        return Changed(Name, levels, Repeat);
    }

    /// <summary>Returns a new version of the policy with a level added after the last one.</summary>
    /// <param name="level">The new level.</param>
    /// <returns>The new policy, with <see cref="Version"/> one higher.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="level"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The changed policy is invalid, e.g. it would have more than 64 levels.</exception>
    [Pure]
    public EscalationPolicy WithLevelAdded(EscalationLevel level)
    {
        Guard.Against.Null(level);
        return Changed(Name, [.. Levels, level], Repeat);
    }

    /// <summary>Returns a new version of the policy with another repeat rule.</summary>
    /// <param name="repeat">The new rule.</param>
    /// <returns>The new policy, with <see cref="Version"/> one higher.</returns>
    /// <exception cref="ConfigurationValidationException">The rule repeats from a level the policy does not have.</exception>
    [Pure]
    public EscalationPolicy WithRepeat(EscalationRepeat repeat) => Changed(Name, Levels, repeat);

    /// <summary>Returns a new version of the policy with another display name.</summary>
    /// <param name="name">The new name.</param>
    /// <returns>The new policy, with <see cref="Version"/> one higher.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    [Pure]
    public EscalationPolicy WithName(string name)
    {
        Guard.Against.NullOrWhiteSpace(name);
        return Changed(name, Levels, Repeat);
    }

    /// <summary>Returns a text such as <c>payments-p1 v3 (4 levels, repeat 2 times from level 1)</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"{Id} v{Version} ({Levels.Count} level{(Levels.Count == 1 ? "" : "s")}, {Repeat})";

    internal static List<string> Validate(IReadOnlyList<EscalationLevel> levels, EscalationRepeat repeat)
    {
        var errors = new List<string>();
        if (levels.Count == 0)
        {
            errors.Add("A policy has at least one level.");
        }

        if (levels.Count > MaxLevels)
        {
            errors.Add($"A policy has at most {MaxLevels} levels, this one has {levels.Count}.");
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var number = i + 1;
            var level = levels[i];
            if (level is null)
            {
                errors.Add($"Level {number} is missing.");
                continue;
            }

            if (level.Targets is null)
            {
                errors.Add($"Level {number} has no target list.");
            }
            else if (level.Targets.Any(t => t.Value is null))
            {
                errors.Add($"Level {number} has an unset target.");
            }

            if (!Enum.IsDefined(level.Kind))
            {
                errors.Add($"Level {number} has an undefined kind ({(int)level.Kind}).");
            }

            if (level.Delay < NodaTime.Duration.Zero)
            {
                errors.Add($"Level {number} has a negative delay ({level.Delay}).");
            }
            else if (level.Delay == NodaTime.Duration.Zero && !level.AllowZeroDelay)
            {
                errors.Add($"Level {number} has a zero delay; set AllowZeroDelay if the next level is meant to be notified at the same instant.");
            }

            if (level.JumpTo is { } jump)
            {
                if (jump < 1 || jump > levels.Count)
                {
                    errors.Add($"Level {number} jumps to level {jump}, which does not exist (1 to {levels.Count}).");
                }
                else if (jump == number)
                {
                    errors.Add($"Level {number} jumps to itself; use the repeat rule to notify a level again.");
                }
            }
        }

        if (levels.Count > 0 && repeat.FromLevel > levels.Count)
        {
            errors.Add($"The repeat starts at level {repeat.FromLevel}, which does not exist (1 to {levels.Count}).");
        }

        return errors;
    }

    private EscalationPolicy Changed(string name, IReadOnlyList<EscalationLevel> levels, EscalationRepeat repeat)
    {
        var errors = Validate(levels, repeat);
        return errors.Count > 0
            ? throw new ConfigurationValidationException($"escalation policy '{Id}'", errors)
            : new EscalationPolicy(Id, name, Version + 1, levels, repeat, Fallback);
    }
}
