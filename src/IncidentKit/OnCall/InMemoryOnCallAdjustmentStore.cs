using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Keeps on-call adjustments in memory: for tests, samples and single-process hosts.</summary>
/// <remarks>Nothing survives the process; use a SQL store's adjustments to keep tonight's override through a restart.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryOnCallAdjustmentStore : IOnCallAdjustmentStore
{
    private readonly Lock _lock = new();
    private readonly List<(OnCallAdjustment Adjustment, string Json)> _adjustments = [];

    /// <inheritdoc/>
    public ValueTask<bool> AddAsync(OnCallAdjustment adjustment, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(adjustment);
        var json = OnCallAdjustmentSerializer.Serialize(adjustment);
        lock (_lock)
        {
            var at = _adjustments.FindIndex(a => a.Adjustment.Id == adjustment.Id);
            if (at >= 0)
            {
                return string.Equals(_adjustments[at].Json, json, StringComparison.Ordinal)
                    ? ValueTask.FromResult(false)
                    : throw new ArgumentException($"Another on-call adjustment has the id {adjustment.Id}.", nameof(adjustment));
            }

            _adjustments.Add((adjustment, json));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public ValueTask<OnCallAdjustment?> RemoveAsync(Guid id, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var at = _adjustments.FindIndex(a => a.Adjustment.Id == id);
            if (at < 0)
            {
                return ValueTask.FromResult<OnCallAdjustment?>(null);
            }

            var removed = _adjustments[at].Adjustment;
            _adjustments.RemoveAt(at);
            return ValueTask.FromResult<OnCallAdjustment?>(removed);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<OnCallAdjustment>> ListAsync(Instant endingAfter, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return ValueTask.FromResult<IReadOnlyList<OnCallAdjustment>>([.. _adjustments.Select(a => a.Adjustment).Where(a => a.Interval.End > endingAfter)]);
        }
    }
}
