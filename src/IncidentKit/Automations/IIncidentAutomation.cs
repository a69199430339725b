using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Makes an incident's timers fire: records on the incident, through its commands, what is due at or before an
/// instant, and returns when it must run next.</summary>
/// <remarks>
/// <para>Give automations to <see cref="IncidentService"/> through <see cref="IncidentServiceOptions.Automations"/>. The service
/// runs them in order, after every change (on a copy, to plan the incident's next due work, <see cref="IncidentChange.NextDue"/>)
/// and on claimed due work (<see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/>, to record what fell
/// due). The shipped ones are <see cref="SlaAutomation"/>, <see cref="EscalationAutomation"/>,
/// <see cref="MajorIncidentAutomation"/>, <see cref="CommunicationAutomation"/> and <see cref="AutoCloseAutomation"/>; a host adds
/// its own (auto-assignment, custom reminders) the same way.</para>
/// <para>Contract, since several workers may run an automation on the same incident and a worker may have been down:</para>
/// <list type="bullet">
/// <item><description>Pure and deterministic in <c>now</c>: no I/O, no clock of its own; the same history and instant give the
/// same decision, so skewed clocks between workers only move when an event is recorded, never whether or how often.</description></item>
/// <item><description>Idempotent: what was done is read from the incident's own events, never from the automation's memory, so
/// running twice at the same instant records nothing the second time (the store's expected version rejects a racing
/// duplicate).</description></item>
/// <item><description>Misfire rule: after downtime, record what the incident should show now (each missed SLA event once, with its
/// true instant; only the escalation step in force now), not a replay of every missed run.</description></item>
/// </list>
/// <para>An automation that throws records nothing for that run (its events are kept only if it recorded some before throwing);
/// the others still run, and the incident is looked at again after <see cref="IncidentServiceOptions.AutomationRetryDelay"/>.</para>
/// </remarks>
/// <threadsafety>Implementations must be thread-safe: one instance runs on many incidents at once.</threadsafety>
public interface IIncidentAutomation
{
    /// <summary>Records on the incident what is due at or before <paramref name="now"/> and returns its next due work.</summary>
    /// <param name="incident">The incident as stored; record events through its commands.</param>
    /// <param name="now">The instant of the run.</param>
    /// <returns>When this automation must run next, or <see langword="null"/> when nothing more will become due unless the
    /// incident changes (every change plans again).</returns>
    DueWork? Run(Incident incident, Instant now);
}
