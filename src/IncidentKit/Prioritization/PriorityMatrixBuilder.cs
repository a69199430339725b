using Ardalis.GuardClauses;

namespace IncidentKit.Prioritization;

/// <summary>Assembles a <see cref="PriorityMatrix"/>; <see cref="Build"/> validates it once and lists every problem.</summary>
/// <threadsafety>This type is mutable and not thread-safe; the matrices it builds are.</threadsafety>
public sealed class PriorityMatrixBuilder
{
    private readonly Priority?[] _cells;
    private readonly Dictionary<Priority, string> _labels = [];

    /// <summary>Initializes a builder for a matrix of the given size with every cell unset.</summary>
    /// <param name="impactLevels">The number of impact levels (rows), 1 to 99.</param>
    /// <param name="urgencyLevels">The number of urgency levels (columns), 1 to 99.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is less than 1 or more than 99.</exception>
    public PriorityMatrixBuilder(int impactLevels, int urgencyLevels)
    {
        ImpactLevels = Guard.Against.OutOfRange(impactLevels, nameof(impactLevels), 1, 99);
        UrgencyLevels = Guard.Against.OutOfRange(urgencyLevels, nameof(urgencyLevels), 1, 99);
        _cells = new Priority?[impactLevels * urgencyLevels];
    }

    /// <summary>Gets the number of impact levels (rows).</summary>
    public int ImpactLevels { get; }

    /// <summary>Gets the number of urgency levels (columns).</summary>
    public int UrgencyLevels { get; }

    /// <summary>Sets one cell.</summary>
    /// <param name="impact">The row; its level must be within <see cref="ImpactLevels"/>.</param>
    /// <param name="urgency">The column; its level must be within <see cref="UrgencyLevels"/>.</param>
    /// <param name="priority">The priority of the cell.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The impact or urgency lies outside the matrix, or the priority is unset.</exception>
    public PriorityMatrixBuilder Set(Impact impact, Urgency urgency, Priority priority)
    {
        Guard.Against.OutOfRange(impact.Level, nameof(impact), 1, ImpactLevels);
        Guard.Against.OutOfRange(urgency.Level, nameof(urgency), 1, UrgencyLevels);
        Guard.Against.OutOfRange(priority.Level, nameof(priority), 1, 99);
        _cells[((impact.Level - 1) * UrgencyLevels) + urgency.Level - 1] = priority;
        return this;
    }

    /// <summary>Names a priority, e.g. P1 "Critical".</summary>
    /// <param name="priority">The priority.</param>
    /// <param name="label">A short display name.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="label"/> is empty or white space.</exception>
    public PriorityMatrixBuilder Label(Priority priority, string label)
    {
        Guard.Against.NullOrWhiteSpace(label);
        Guard.Against.OutOfRange(priority.Level, nameof(priority), 1, 99);
        _labels[priority] = label;
        return this;
    }

    /// <summary>Validates the cells and freezes them into a matrix.</summary>
    /// <returns>The immutable matrix.</returns>
    /// <exception cref="ConfigurationValidationException">A cell is unset, or raising impact or urgency would lower the priority; every such problem is listed.</exception>
    public PriorityMatrix Build()
    {
        var errors = new List<string>();
        for (var i = 1; i <= ImpactLevels; i++)
        {
            for (var u = 1; u <= UrgencyLevels; u++)
            {
                if (Cell(i, u) is null)
                {
                    errors.Add($"Cell (impact {i}, urgency {u}) has no priority.");
                }
            }
        }

        // Monotonic: one step up in impact (row i-1) or urgency (column u-1) is never less pressing.
        for (var i = 1; i <= ImpactLevels; i++)
        {
            for (var u = 1; u <= UrgencyLevels; u++)
            {
                if (Cell(i, u) is not { } here)
                {
                    continue;
                }

                if (i > 1 && Cell(i - 1, u) is { } higherImpact && higherImpact > here)
                {
                    errors.Add($"Raising impact from {i} to {i - 1} at urgency {u} lowers the priority from {here} to {higherImpact}.");
                }

                if (u > 1 && Cell(i, u - 1) is { } higherUrgency && higherUrgency > here)
                {
                    errors.Add($"Raising urgency from {u} to {u - 1} at impact {i} lowers the priority from {here} to {higherUrgency}.");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationValidationException("priority matrix", errors);
        }

        var cells = _cells.Select(c => c!.Value).ToArray();
        var maxLevel = Math.Max(cells.Max().Level, _labels.Count == 0 ? 0 : _labels.Keys.Max().Level);
        var labels = new string[maxLevel];
        foreach (var (priority, label) in _labels)
        {
            labels[priority.Level - 1] = label;
        }

        return new PriorityMatrix(ImpactLevels, UrgencyLevels, cells, labels);
    }

    private Priority? Cell(int impact, int urgency) => _cells[((impact - 1) * UrgencyLevels) + urgency - 1];
}
