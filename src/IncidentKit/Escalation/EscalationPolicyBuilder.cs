using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Assembles an <see cref="EscalationPolicy"/>; <see cref="Build"/> validates it once and lists every problem.</summary>
/// <example>
/// <code>
/// var policy = new EscalationPolicyBuilder("payments", "Payments")
///     .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("payments-primary"))
///     .AddLevel(EscalationKind.Functional, Duration.FromMinutes(10), EscalationTarget.Team("payments-tier2"))
///     .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(15), EscalationTarget.Role("service-owner-manager"))
///     .RepeatTimes(2)
///     .Build();
/// </code>
/// </example>
/// <threadsafety>This type is mutable and not thread-safe; the policies it builds are.</threadsafety>
public sealed class EscalationPolicyBuilder
{
    private readonly List<EscalationLevel> _levels = [];

    /// <summary>Initializes a builder for a new policy (version 1) with no levels.</summary>
    /// <param name="id">The policy's id, stable across versions; at most 200 characters.</param>
    /// <param name="name">The display name.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="name"/> is empty or white space, or the id is too long.</exception>
    public EscalationPolicyBuilder(string id, string name)
    {
        Guard.Against.NullOrWhiteSpace(id);
        Guard.Against.NullOrWhiteSpace(name);
        Guard.Against.StringTooLong(id, 200);
        Id = id;
        Name = name;
    }

    /// <summary>Gets the policy's id.</summary>
    public string Id { get; }

    /// <summary>Gets or sets the display name.</summary>
    /// <value>The default value is the name given to the constructor.</value>
    public string Name { get; set; }

    /// <summary>Gets or sets the version the built policy gets, e.g. when rebuilding a stored policy.</summary>
    /// <value>The default value is 1.</value>
    public int Version { get; set; } = 1;

    /// <summary>Gets or sets the repeat rule.</summary>
    /// <value>The default value is <see cref="EscalationRepeat.None"/>.</value>
    public EscalationRepeat Repeat { get; set; }

    /// <summary>Gets who is paged when a level resolves to nobody at run time (see <see cref="EscalationPolicy.Fallback"/>).</summary>
    /// <value>The default value is an empty list: no fallback.</value>
    public IReadOnlyList<EscalationTarget> Fallback { get; private set; } = [];

    /// <summary>Gets the levels added so far.</summary>
    public IReadOnlyList<EscalationLevel> Levels => _levels;

    /// <summary>Adds a level after the last one.</summary>
    /// <param name="level">The level.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="level"/> is null.</exception>
    public EscalationPolicyBuilder AddLevel(EscalationLevel level)
    {
        _levels.Add(Guard.Against.Null(level));
        return this;
    }

    /// <summary>Adds a level after the last one.</summary>
    /// <param name="kind">Functional (a higher tier) or hierarchical (management).</param>
    /// <param name="delay">How long to wait for an acknowledgement before the next level.</param>
    /// <param name="targets">Who is notified.</param>
    /// <returns>This builder.</returns>
    public EscalationPolicyBuilder AddLevel(EscalationKind kind, Duration delay, params EscalationTarget[] targets) =>
        AddLevel(new EscalationLevel(targets?.ToArray() ?? [], delay, kind));

    /// <summary>Makes a level continue at another level instead of the next one.</summary>
    /// <param name="level">The level (1-based) that jumps.</param>
    /// <param name="toLevel">The level (1-based) to continue at.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not a level added so far.</exception>
    public EscalationPolicyBuilder JumpTo(int level, int toLevel)
    {
        if (level < 1 || level > _levels.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"Expected a level added so far (1 to {_levels.Count}).");
        }

        _levels[level - 1] = _levels[level - 1] with { JumpTo = toLevel };
        return this;
    }

    /// <summary>Makes the policy run <paramref name="count"/> further rounds after the first.</summary>
    /// <param name="count">How many further rounds, 0 to 1000.</param>
    /// <param name="fromLevel">The level (1-based) each further round starts at.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> or <paramref name="fromLevel"/> is out of range.</exception>
    public EscalationPolicyBuilder RepeatTimes(int count, int fromLevel = 1)
    {
        Repeat = EscalationRepeat.Times(count, fromLevel);
        return this;
    }

    /// <summary>Makes the policy repeat without end until someone acknowledges or the incident is resolved.</summary>
    /// <param name="fromLevel">The level (1-based) each further round starts at.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromLevel"/> is below 1.</exception>
    public EscalationPolicyBuilder RepeatForever(int fromLevel = 1)
    {
        Repeat = EscalationRepeat.Forever(fromLevel);
        return this;
    }

    /// <summary>Sets who is paged when a level's targets resolve to nobody at run time, e.g. an operations desk that is always staffed.</summary>
    /// <param name="targets">The fallback targets; none clears the fallback.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A target is unset.</exception>
    public EscalationPolicyBuilder UseFallback(params EscalationTarget[] targets)
    {
        var copy = targets?.ToArray() ?? [];
        if (copy.Any(t => t.Value is null))
        {
            throw new ArgumentException("Every fallback target must be set.", nameof(targets));
        }

        Fallback = copy;
        return this;
    }

    /// <summary>Validates the levels and freezes them into a policy.</summary>
    /// <returns>The immutable policy.</returns>
    /// <exception cref="ConfigurationValidationException">There is no level; a delay is negative, or zero without <see cref="EscalationLevel.AllowZeroDelay"/>;
    /// a jump leads nowhere or to its own level; the repeat starts at a missing level; or the version is below 1. Every such problem is listed.</exception>
    public EscalationPolicy Build()
    {
        var errors = EscalationPolicy.Validate(_levels, Repeat);
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Insert(0, "The policy has no name.");
        }

        if (Version < 1)
        {
            errors.Insert(0, $"The version is {Version}; versions start at 1.");
        }

        return errors.Count > 0
            ? throw new ConfigurationValidationException($"escalation policy '{Id}'", errors)
            : new EscalationPolicy(Id, Name, Version, _levels.ToArray(), Repeat, Fallback);
    }
}
