using IncidentKit.Authorization;
using IncidentKit.Automations;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Configures an <see cref="IncidentService"/>: its rules, retries, automations (the incident's timers), outbox and due-work store.</summary>
/// <remarks>The service reads the options once, in its constructor, and checks them there; later changes to this instance are not
/// seen.</remarks>
/// <example>
/// <code>
/// var service = new IncidentService(store, clock, new IncidentServiceOptions
/// {
///     Automations = { new SlaAutomation(sla), new EscalationAutomation(escalation), new AutoCloseAutomation(Duration.FromDays(3)) },
/// });
/// </code>
/// </example>
/// <threadsafety>Instances are mutable until handed to an <see cref="IncidentService"/>; do not change them afterwards.</threadsafety>
public sealed class IncidentServiceOptions
{
    /// <summary>Gets or sets the rules decisions are made by.</summary>
    /// <value>The default value is <see langword="null"/>, which takes <see cref="IncidentRules.Default"/>.</value>
    public IncidentRules? Rules { get; set; }

    /// <summary>Gets or sets the most times a decision runs before a concurrency conflict is let through, 1 to 10 000.</summary>
    /// <value>The default value is 1000; <see cref="RetryBudget"/> usually ends the retries first.</value>
    public int MaxAttempts { get; set; } = 1000;

    /// <summary>Gets or sets how long a decision keeps being retried on concurrency conflicts before the last conflict is let
    /// through, zero to 10 minutes.</summary>
    /// <value>The default value is 30 seconds: writers elsewhere would have to win every round for that long. Zero retries never.</value>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the automations that make an incident's timers fire, in the order they run.</summary>
    /// <remarks>
    /// <para>After every decision the service runs them on a copy of the incident to plan its next due work, which the append
    /// carries (<see cref="IncidentChange.NextDue"/>); <see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/>
    /// runs them on claimed due work and records what fell due. Empty: appends clear any due work and no timer ever fires.</para>
    /// <para>Order matters. The usual order: <see cref="SlaAutomation"/> (escalation rules may react to a breach),
    /// <see cref="EscalationAutomation"/>, <see cref="MajorIncidentAutomation"/>, <see cref="CommunicationAutomation"/>, the host's
    /// own, then <see cref="AutoCloseAutomation"/> last.</para>
    /// </remarks>
    /// <value>The default value is an empty list.</value>
    public IList<IIncidentAutomation> Automations { get; } = [];

    /// <summary>Gets or sets how long after an automation threw the incident is looked at again.</summary>
    /// <value>The default value is one minute.</value>
    public Duration AutomationRetryDelay { get; set; } = Duration.FromMinutes(1);

    /// <summary>Gets or sets what is told when an automation throws (for logs and metrics); the run goes on without its events.</summary>
    /// <value>The default value is <see langword="null"/>: nothing is told.</value>
    public Action<AutomationFailedArguments>? OnAutomationFailed { get; set; }

    /// <summary>Gets or sets the planner of the outbox messages of each decision's events, written in the same append.</summary>
    /// <value>The default value is <see langword="null"/>: no outbox messages are written.</value>
    public IOutboxPlanner? Outbox { get; set; }

    /// <summary>Gets or sets the store whose claimed due work <see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/>
    /// completes or gives back.</summary>
    /// <value>The default value is <see langword="null"/>, which takes the incident store when it keeps due work too (every shipped
    /// store does).</value>
    public IDueWorkStore? DueWork { get; set; }

    /// <summary>Gets or sets the authoriser each event recorded by <see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/>
    /// is checked with, as its tenant's system actor (<see cref="IncidentActor.System"/>) doing the action the event amounts to.</summary>
    /// <value>The default value is <see cref="RoleIncidentAuthorizer.Instance"/>.</value>
    public IIncidentAuthorizer Authorizer { get; set; } = RoleIncidentAuthorizer.Instance;
}
