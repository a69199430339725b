using System.Diagnostics.CodeAnalysis;

namespace IncidentKit.Prioritization;

/// <summary>Maps impact × urgency to a priority; complete and monotonic by construction.</summary>
/// <remarks>
/// <para>Build one with <see cref="PriorityMatrixBuilder"/>, or take <see cref="Default"/>, the ITIL 3×3 matrix:</para>
/// <code>
///              urgency High  Medium  Low
/// impact High          P1    P2      P3
///        Medium        P2    P3      P4
///        Low           P3    P4      P5
/// </code>
/// <para>Every cell is set and raising impact or urgency never lowers the priority; a matrix that breaks either rule cannot be built.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class PriorityMatrix
{
    // Implementation note: cells are stored row-major in one array indexed by (impact - 1) * urgencies + (urgency - 1),
    // so a lookup is two range checks and one load.
    private readonly Priority[] _cells;
    private readonly string[] _labels;

    internal PriorityMatrix(int impactLevels, int urgencyLevels, Priority[] cells, string[] labels)
    {
        ImpactLevels = impactLevels;
        UrgencyLevels = urgencyLevels;
        _cells = cells;
        _labels = labels;
    }

    /// <summary>Gets the ITIL 3×3 matrix with P1 Critical, P2 High, P3 Moderate, P4 Low, P5 Planning.</summary>
    public static PriorityMatrix Default { get; } = new PriorityMatrixBuilder(3, 3)
        .Set(Impact.High, Urgency.High, Priority.P1)
        .Set(Impact.High, Urgency.Medium, Priority.P2).Set(Impact.Medium, Urgency.High, Priority.P2)
        .Set(Impact.High, Urgency.Low, Priority.P3).Set(Impact.Medium, Urgency.Medium, Priority.P3).Set(Impact.Low, Urgency.High, Priority.P3)
        .Set(Impact.Medium, Urgency.Low, Priority.P4).Set(Impact.Low, Urgency.Medium, Priority.P4)
        .Set(Impact.Low, Urgency.Low, Priority.P5)
        .Label(Priority.P1, "Critical").Label(Priority.P2, "High").Label(Priority.P3, "Moderate")
        .Label(Priority.P4, "Low").Label(Priority.P5, "Planning")
        .Build();

    /// <summary>Gets the number of impact levels (rows).</summary>
    public int ImpactLevels { get; }

    /// <summary>Gets the number of urgency levels (columns).</summary>
    public int UrgencyLevels { get; }

    /// <summary>Gets the least pressing priority any cell holds.</summary>
    public Priority Lowest => _cells.Max();

    /// <summary>Returns the priority for an impact and an urgency.</summary>
    /// <param name="impact">The impact; its level must be within <see cref="ImpactLevels"/>.</param>
    /// <param name="urgency">The urgency; its level must be within <see cref="UrgencyLevels"/>.</param>
    /// <returns>The priority of that cell.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="impact"/> or <paramref name="urgency"/> is outside the matrix.</exception>
    public Priority GetPriority(Impact impact, Urgency urgency)
    {
        // Unsigned compares fold the "< 1" and "> levels" checks, and reject default(Impact) (level 0) too.
        if ((uint)(impact.Level - 1) >= (uint)ImpactLevels)
        {
            ThrowOutside(nameof(impact), impact.Level, ImpactLevels);
        }

        if ((uint)(urgency.Level - 1) >= (uint)UrgencyLevels)
        {
            ThrowOutside(nameof(urgency), urgency.Level, UrgencyLevels);
        }

        return _cells[((impact.Level - 1) * UrgencyLevels) + urgency.Level - 1];
    }

    /// <summary>Returns whether the impact and urgency both lie within this matrix.</summary>
    /// <param name="impact">The impact.</param>
    /// <param name="urgency">The urgency.</param>
    /// <returns><see langword="true"/> when <see cref="GetPriority"/> would answer.</returns>
    public bool Contains(Impact impact, Urgency urgency) =>
        (uint)(impact.Level - 1) < (uint)ImpactLevels && (uint)(urgency.Level - 1) < (uint)UrgencyLevels;

    /// <summary>Gets the label of a priority, e.g. "Critical", or <see langword="null"/> when none was given.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The label, or <see langword="null"/>.</returns>
    public string? GetLabelOrNull(Priority priority) =>
        priority.Level >= 1 && priority.Level <= _labels.Length ? _labels[priority.Level - 1] : null;

    /// <summary>Returns a text such as "P1 Critical", or "P1" when the priority has no label.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>The display text.</returns>
    public string Describe(Priority priority) =>
        GetLabelOrNull(priority) is { } label ? $"{priority} {label}" : priority.ToString();

    /// <summary>Returns a builder that starts from this matrix, for deriving a changed copy.</summary>
    /// <returns>A new builder holding this matrix's cells and labels.</returns>
    public PriorityMatrixBuilder ToBuilder()
    {
        var builder = new PriorityMatrixBuilder(ImpactLevels, UrgencyLevels);
        for (var i = 1; i <= ImpactLevels; i++)
        {
            for (var u = 1; u <= UrgencyLevels; u++)
            {
                builder.Set(new Impact(i), new Urgency(u), GetPriority(new Impact(i), new Urgency(u)));
            }
        }

        for (var p = 0; p < _labels.Length; p++)
        {
            if (_labels[p] is { } label)
            {
                builder.Label(new Priority(p + 1), label);
            }
        }

        return builder;
    }

    [DoesNotReturn]
    private static void ThrowOutside(string parameter, int level, int levels) =>
        throw new ArgumentOutOfRangeException(parameter, level, $"Expected a level from 1 to {levels} for this priority matrix.");
}
