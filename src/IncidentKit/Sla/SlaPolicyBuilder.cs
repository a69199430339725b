using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Assembles an <see cref="SlaPolicy"/>: targets per priority, calendars, pausing states, warnings and the reopen rule.</summary>
/// <remarks>Nothing is validated until <see cref="Build"/>, which lists every problem at once. See <see cref="SlaPolicy"/> for the defaults.</remarks>
/// <threadsafety>This type is mutable and not thread-safe; the policy it builds is immutable.</threadsafety>
public sealed class SlaPolicyBuilder
{
    private const int PriorityLevels = 100;

    // "New, Acknowledged, InProgress or OnHold", from the one lifecycle rule.
    private static readonly string OpenStatesText =
        $"{string.Join(", ", IncidentLifecycle.OpenStates.Take(IncidentLifecycle.OpenStates.Count - 1))} or {IncidentLifecycle.OpenStates[^1]}";

    private readonly string _name;
    private readonly Dictionary<(int Level, SlaTargetKind Kind), (Duration Within, string? Calendar)> _targets = [];
    private readonly Dictionary<SlaTargetKind, int[]> _warnings = [];
    private readonly Dictionary<SlaTargetKind, IncidentState[]> _pausing = [];
    private string? _defaultCalendar;
    private SlaReopenMode _reopenMode = SlaReopenMode.Restart;

    /// <summary>Initializes a builder for a policy called <paramref name="name"/>.</summary>
    /// <param name="name">The policy's name, e.g. "standard"; checked by <see cref="Build"/>.</param>
    public SlaPolicyBuilder(string name)
    {
        _name = name;
    }

    /// <summary>Sets the calendar that targets added without one are measured on.</summary>
    /// <param name="calendar">A calendar name the engine knows, or <see langword="null"/> for 24×7.</param>
    /// <returns>This builder.</returns>
    public SlaPolicyBuilder SetDefaultCalendar(string? calendar)
    {
        _defaultCalendar = calendar;
        return this;
    }

    /// <summary>Sets one target for one priority, replacing any set before.</summary>
    /// <param name="priority">The priority.</param>
    /// <param name="kind">The target kind.</param>
    /// <param name="within">The business time allowed; must be positive.</param>
    /// <param name="calendar">The calendar name; <see langword="null"/> takes the default calendar (see <see cref="SetDefaultCalendar"/>).</param>
    /// <returns>This builder.</returns>
    public SlaPolicyBuilder SetTarget(Priority priority, SlaTargetKind kind, Duration within, string? calendar = null)
    {
        _targets[(priority.Level, kind)] = (within, calendar);
        return this;
    }

    /// <summary>Sets the warning thresholds of one target kind, replacing the defaults (50, 75, 90).</summary>
    /// <param name="kind">The target kind.</param>
    /// <param name="percents">Percentages of the target, each 1 to 99, distinct; none turns warnings off.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="percents"/> is null.</exception>
    public SlaPolicyBuilder SetWarnings(SlaTargetKind kind, params int[] percents)
    {
        _warnings[kind] = [.. Guard.Against.Null(percents)];
        return this;
    }

    /// <summary>Sets the incident states that pause one target's clock, replacing the defaults.</summary>
    /// <param name="kind">The target kind.</param>
    /// <param name="states">Open states only (New, Acknowledged, InProgress, OnHold); none means the clock never pauses.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="states"/> is null.</exception>
    public SlaPolicyBuilder SetPausingStates(SlaTargetKind kind, params IncidentState[] states)
    {
        _pausing[kind] = [.. Guard.Against.Null(states)];
        return this;
    }

    /// <summary>Sets how the resolution clock behaves when the incident is reopened.</summary>
    /// <param name="mode">Restart (the default) or continue.</param>
    /// <returns>This builder.</returns>
    public SlaPolicyBuilder SetReopenMode(SlaReopenMode mode)
    {
        _reopenMode = mode;
        return this;
    }

    /// <summary>Validates the configuration and returns the immutable policy.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ConfigurationValidationException">The configuration is invalid; every problem is listed.</exception>
    public SlaPolicy Build()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(_name))
        {
            errors.Add("The policy needs a name.");
        }

        string subject = string.IsNullOrWhiteSpace(_name) ? "SLA policy" : $"SLA policy '{_name}'";
        if (!Enum.IsDefined(_reopenMode))
        {
            errors.Add($"Reopen mode {(int)_reopenMode} is not Restart or Continue.");
        }

        if (_defaultCalendar is not null && string.IsNullOrWhiteSpace(_defaultCalendar))
        {
            errors.Add("The default calendar name is blank; give a name or null for 24x7.");
        }

        var targets = new SlaTarget?[SlaPolicy.KindCount][];
        var warnings = new int[SlaPolicy.KindCount][];
        var pausing = new bool[SlaPolicy.KindCount][];
        for (int k = 0; k < SlaPolicy.KindCount; k++)
        {
            targets[k] = new SlaTarget?[PriorityLevels];
            pausing[k] = new bool[Enum.GetValues<IncidentState>().Length];
        }

        if (_targets.Count == 0)
        {
            errors.Add("The policy sets no target; add at least one with SetTarget.");
        }

        foreach (var ((level, kind), (within, calendar)) in _targets.OrderBy(t => t.Key.Level).ThenBy(t => t.Key.Kind))
        {
            string where = $"P{level} {kind}";
            if (!Enum.IsDefined(kind))
            {
                errors.Add($"P{level}: target kind {(int)kind} is not Response, Resolution or Update.");
                continue;
            }

            if (within <= Duration.Zero)
            {
                errors.Add($"{where}: the target must be positive, not {within}.");
            }

            if (calendar is not null && string.IsNullOrWhiteSpace(calendar))
            {
                errors.Add($"{where}: the calendar name is blank.");
            }

            targets[(int)kind][level] = new SlaTarget(kind, within, calendar ?? _defaultCalendar);
        }

        foreach (SlaTargetKind kind in Enum.GetValues<SlaTargetKind>())
        {
            int[] list = _warnings.TryGetValue(kind, out var w) ? w : [50, 75, 90];
            foreach (int p in list.Where(p => p is < 1 or > 99).Distinct())
            {
                errors.Add($"{kind} warnings: {p} % is outside 1 to 99 (100 % is the breach itself).");
            }

            foreach (int p in list.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key))
            {
                errors.Add($"{kind} warnings: {p} % is listed more than once.");
            }

            warnings[(int)kind] = [.. list.Order()];
            IncidentState[] states = _pausing.TryGetValue(kind, out var s) ? s
                : kind == SlaTargetKind.Resolution ? [IncidentState.OnHold] : [];
            foreach (var state in states)
            {
                if (!IncidentLifecycle.IsOpen(state))
                {
                    errors.Add($"{kind} pausing states: {state} is not an open state ({OpenStatesText}).");
                    continue;
                }

                pausing[(int)kind][(int)state] = true;
            }
        }

        foreach (var kind in _warnings.Keys.Concat(_pausing.Keys).Where(k => !Enum.IsDefined(k)).Distinct())
        {
            errors.Add($"Target kind {(int)kind} is not Response, Resolution or Update.");
        }

        return errors.Count > 0
            ? throw new ConfigurationValidationException(subject, errors)
            : new SlaPolicy(_name, _reopenMode, targets, warnings, pausing);
    }
}
