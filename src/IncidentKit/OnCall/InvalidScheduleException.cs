namespace IncidentKit.OnCall;

/// <summary>Represents the failure to build an on-call schedule from an invalid configuration; lists every problem found.</summary>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class InvalidScheduleException : Exception
{
    /// <summary>Initializes the exception with every problem found.</summary>
    /// <param name="schedule">The identifier of the schedule that failed to build.</param>
    /// <param name="problems">The problems, one readable sentence each.</param>
    public InvalidScheduleException(ScheduleId schedule, IReadOnlyList<string> problems)
        : base($"On-call schedule '{schedule}' is invalid: {string.Join(" ", problems ?? [])}")
    {
        Schedule = schedule;
        Problems = problems ?? [];
    }

    /// <summary>Gets the identifier of the schedule that failed to build.</summary>
    public ScheduleId Schedule { get; }

    /// <summary>Gets the problems found, one readable sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
