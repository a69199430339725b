namespace IncidentKit.MajorIncidents;

/// <summary>Opens a war room (a chat channel or a conference bridge) for a major incident.</summary>
/// <remarks>The worker calls it while the <see cref="MajorIncidentStep.OpenWarRoom"/> step is due, and records the outcome on the
/// incident's timeline: the room's link, or the failure and when it will try again. A call may be repeated for the same declaration
/// (a retry after a crash, two workers); <see cref="WarRoomRequest.IdempotencyKey"/> stays the same, so a provider that honours it
/// opens one room. Implementations are thread-safe.</remarks>
public interface IWarRoomProvider
{
    /// <summary>Opens the war room, or returns the one opened already for the same idempotency key.</summary>
    /// <param name="request">What the room is for.</param>
    /// <param name="cancellationToken">The token to cancel the call.</param>
    /// <returns>The room.</returns>
    /// <exception cref="WarRoomException">The room could not be opened; the worker retries.</exception>
    ValueTask<WarRoom> OpenAsync(WarRoomRequest request, CancellationToken cancellationToken = default);
}
