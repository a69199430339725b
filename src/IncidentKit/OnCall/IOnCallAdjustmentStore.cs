using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Keeps the overrides and temporary schedules made at run time, so that they survive a restart and every node sees them.</summary>
/// <remarks>Adjustments are listed in the order they were added, which is the order <see cref="LiveOnCallRoster"/> applies them
/// (a later one wins where they overlap). Adding an adjustment whose id is stored already, with the same content, changes
/// nothing (a repeated request); with other content it is refused. The SQLite and PostgreSQL stores implement this port in the
/// same database as the incidents; <see cref="InMemoryOnCallAdjustmentStore"/> serves tests and single-process hosts.</remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once; the SQL stores' are safe across processes.</threadsafety>
public interface IOnCallAdjustmentStore
{
    /// <summary>Adds an adjustment.</summary>
    /// <param name="adjustment">The adjustment.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns><see langword="true"/> when added; <see langword="false"/> when the same adjustment was stored already.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="adjustment"/> is null.</exception>
    /// <exception cref="ArgumentException">Another adjustment with the same id is stored.</exception>
    ValueTask<bool> AddAsync(OnCallAdjustment adjustment, CancellationToken cancellationToken = default);

    /// <summary>Removes an adjustment.</summary>
    /// <param name="id">The adjustment's id.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The adjustment removed, or <see langword="null"/> when none has that id.</returns>
    ValueTask<OnCallAdjustment?> RemoveAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>Lists the adjustments whose interval ends after an instant, in the order they were added.</summary>
    /// <param name="endingAfter">The instant; adjustments that ended by then are left out.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The adjustments.</returns>
    ValueTask<IReadOnlyList<OnCallAdjustment>> ListAsync(Instant endingAfter, CancellationToken cancellationToken = default);
}
