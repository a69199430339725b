using System.Diagnostics.CodeAnalysis;
using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Answers who is on call on a schedule: the port the escalation engine resolves <see cref="EscalationTargetKind.Schedule"/> targets through.</summary>
/// <remarks>
/// <para>The engine calls <see cref="TryGetOnCall"/> only when a step fires, with the step's instant; <see cref="EscalationPolicy.Lint"/>
/// calls <see cref="TryGetGaps"/> to warn about schedules nobody covers. Implementations must be pure for a given configuration
/// (no I/O per call): load schedules first, then answer from memory.</para>
/// <para>A known schedule with nobody on call answers <see langword="true"/> with an empty list; an unknown schedule answers
/// <see langword="false"/>. Either way the step still fires and lists the target as unresolved.</para>
/// </remarks>
/// <threadsafety>Implementations must be safe to call from several threads at once.</threadsafety>
public interface IOnCallResolver
{
    /// <summary>Returns who is on call on a schedule at an instant.</summary>
    /// <param name="scheduleId">The schedule's id, as named by an <see cref="EscalationTarget"/>.</param>
    /// <param name="at">The instant.</param>
    /// <param name="users">The people on call (possibly none) when the schedule is known; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the schedule is known.</returns>
    bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users);

    /// <summary>Returns the intervals within a window in which nobody is on call on a schedule.</summary>
    /// <param name="scheduleId">The schedule's id.</param>
    /// <param name="window">The window to check, e.g. the next 14 days.</param>
    /// <param name="gaps">The uncovered intervals within the window, in order (empty when fully covered), when the schedule is known; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the schedule is known.</returns>
    bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps);
}
