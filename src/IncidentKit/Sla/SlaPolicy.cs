using System.Collections.Frozen;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.Sla;

/// <summary>Holds the SLA targets per priority (response, resolution, update cadence), the calendars they are measured on,
/// the states that pause each clock, the warning thresholds and the reopen rule.</summary>
/// <remarks>
/// <para>Built by <see cref="SlaPolicyBuilder"/> or read from JSON through <see cref="SlaPolicySet.FromJson(string)"/>.</para>
/// <para>Defaults: warnings at 50, 75 and 90 % of each target (fractions of business time, not wall-clock time);
/// <see cref="IncidentState.OnHold"/> pauses the resolution clock only (the response and update clocks keep counting on
/// hold, because a held incident still owes its first response and its stakeholders); reopening restarts the resolution
/// clock (<see cref="SlaReopenMode.Restart"/>).</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class SlaPolicy
{
    internal const int KindCount = 3;
    private static readonly IReadOnlyList<int> DefaultWarningList = [50, 75, 90];
    private readonly SlaTarget?[][] _targets;
    private readonly int[][] _warnings;
    private readonly bool[][] _pausing;
    private readonly IReadOnlySet<IncidentState>[] _pausingSets;

    internal SlaPolicy(string name, SlaReopenMode reopenMode, SlaTarget?[][] targets, int[][] warnings, bool[][] pausing)
    {
        Name = name;
        ReopenMode = reopenMode;
        _targets = targets;
        _warnings = warnings;
        _pausing = pausing;
        _pausingSets = new IReadOnlySet<IncidentState>[KindCount];
        for (int k = 0; k < KindCount; k++)
        {
            _pausingSets[k] = Enum.GetValues<IncidentState>().Where(s => pausing[k][(int)s]).ToFrozenSet();
        }
    }

    /// <summary>Gets the default warning thresholds: 50, 75 and 90 % of a target.</summary>
    public static IReadOnlyList<int> DefaultWarnings => DefaultWarningList;

    /// <summary>Gets the policy's name, e.g. "standard" or "gold".</summary>
    public string Name { get; }

    /// <summary>Gets how the resolution clock behaves on reopen.</summary>
    /// <value>The default value is <see cref="SlaReopenMode.Restart"/>.</value>
    public SlaReopenMode ReopenMode { get; }

    /// <summary>Gets the target of one kind for a priority, if the policy sets one.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <param name="kind">The target kind.</param>
    /// <param name="target">The target, when set.</param>
    /// <returns><see langword="true"/> when the policy sets that target for that priority.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined target.</exception>
    public bool TryGetTarget(Priority priority, SlaTargetKind kind, out SlaTarget target)
    {
        var found = _targets[CheckKind(kind)][priority.Level];
        target = found.GetValueOrDefault();
        return found.HasValue;
    }

    /// <summary>Gets the warning thresholds of one target, ascending, as percentages of the target.</summary>
    /// <param name="kind">The target kind.</param>
    /// <returns>The thresholds, e.g. 50, 75, 90; possibly none.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined target.</exception>
    public IReadOnlyList<int> GetWarnings(SlaTargetKind kind) => _warnings[CheckKind(kind)].AsReadOnly();

    /// <summary>Gets the incident states that pause one target's clock.</summary>
    /// <param name="kind">The target kind.</param>
    /// <returns>The pausing states; by default only <see cref="IncidentState.OnHold"/> for the resolution clock.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined target.</exception>
    public IReadOnlySet<IncidentState> GetPausingStates(SlaTargetKind kind) => _pausingSets[CheckKind(kind)];

    /// <summary>Returns the policy's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;

    internal SlaTarget? Target(int kind, Priority priority) => _targets[kind][priority.Level];

    internal int[] Warnings(int kind) => _warnings[kind];

    internal bool Pauses(int kind, IncidentState state) => _pausing[kind][(int)state];

    internal bool PausesAtAll(int kind) => _pausingSets[kind].Count > 0;

    internal IEnumerable<SlaTarget> AllTargets() => _targets.SelectMany(t => t).Where(t => t.HasValue).Select(t => t!.Value);

    private static int CheckKind(SlaTargetKind kind, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(kind))] string? parameterName = null) =>
        kind is >= SlaTargetKind.Response and <= SlaTargetKind.Update
            ? (int)kind
            : throw new ArgumentOutOfRangeException(parameterName, kind, "Expected Response, Resolution or Update.");
}
