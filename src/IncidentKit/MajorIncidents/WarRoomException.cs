namespace IncidentKit.MajorIncidents;

/// <summary>Thrown by an <see cref="IWarRoomProvider"/> when it could not open a room; the worker records the reason and retries.</summary>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class WarRoomException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="message">Why the room could not be opened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public WarRoomException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
