using System.Collections.Immutable;
using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Represents a temporary schedule: for an interval, its shifts replace the schedule's layers entirely.</summary>
/// <remarks>
/// Inside <see cref="Interval"/> the layers are ignored: whoever a shift names is on call, and instants covered by no
/// shift are gaps. Overrides still apply on top. Where temporary schedules overlap, the one added later wins.
/// </remarks>
/// <threadsafety>This type is immutable and safe to use from any number of threads.</threadsafety>
public sealed class TemporarySchedule
{
    internal TemporarySchedule(Interval interval, ImmutableArray<TemporaryShift> shifts)
    {
        Interval = interval;
        Shifts = shifts;
    }

    /// <summary>Gets the interval during which the temporary schedule replaces the layers.</summary>
    public Interval Interval { get; }

    /// <summary>Gets the shifts, in the order given.</summary>
    public ImmutableArray<TemporaryShift> Shifts { get; }
}
