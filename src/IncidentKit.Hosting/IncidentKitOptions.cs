using IncidentKit.Calendars;
using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Sla;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;

namespace IncidentKit.Hosting;

/// <summary>Holds the settings of IncidentKit in a host: the domain rules, the timer worker and the health check thresholds.</summary>
/// <remarks>
/// <para>Set them in code with <c>AddIncidentKit(o => …)</c> or load them from configuration with
/// <c>AddIncidentKit(configuration.GetSection("IncidentKit"))</c>; both may be combined, code running after configuration.
/// The options are validated when the host starts, and every problem is listed at once.</para>
/// <para>Worker timings are <see cref="TimeSpan"/> because they drive the host's timers; domain durations (the reopen window)
/// stay NodaTime <see cref="NodaTime.Duration"/>.</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; it is read once when the services are built.</threadsafety>
public sealed class IncidentKitOptions
{
    /// <summary>Gets the workflow rules that differ between teams.</summary>
    /// <value>The default value is a new <see cref="IncidentWorkflowOptions"/> with its own defaults.</value>
    public IncidentWorkflowOptions Workflow { get; } = new();

    /// <summary>Gets or sets the priority matrix.</summary>
    /// <value>The default value is <see langword="null"/>, which takes <see cref="PriorityMatrix.Default"/> (the ITIL 3×3 matrix).</value>
    public PriorityMatrix? PriorityMatrix { get; set; }

    /// <summary>Gets or sets the category taxonomy.</summary>
    /// <value>The default value is <see langword="null"/>, which accepts any category.</value>
    public CategoryTree? Categories { get; set; }

    /// <summary>Gets the business calendars by name, for SLA policies to refer to.</summary>
    /// <value>The default value is an empty dictionary with case-insensitive names.</value>
    public IDictionary<string, BusinessCalendar> Calendars { get; } = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the SLA policies the worker measures incidents against, or <see langword="null"/> to record no SLA events.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    /// <remarks>Targets that name a calendar are measured on the calendar of that name in <see cref="Calendars"/> (names compare
    /// ordinally here); a missing one fails validation at start. A host that registers its own <see cref="SlaEngine"/> overrides this.</remarks>
    public SlaPolicySet? SlaPolicies { get; set; }

    /// <summary>Gets the on-call schedules escalation policies page through, by their <see cref="OnCallSchedule.Id"/>.</summary>
    /// <value>The default value is an empty list.</value>
    /// <remarks>The host's <see cref="OnCallRoster"/> holds them; ids must be unique, which is checked at start. From configuration,
    /// <c>Schedules</c> is a list of schedules in the shape <see cref="OnCallSchedule.FromJson(string)"/> reads, or an object of them keyed
    /// by id (the <c>id</c> property may then be left out).</remarks>
    public IList<OnCallSchedule> Schedules { get; } = [];

    /// <summary>Gets or sets the escalation matrix (policies, rules and fallback) the worker walks unacknowledged incidents through, or <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>: no escalation unless the host registers its own <see cref="EscalationEngine"/>.</value>
    /// <remarks>When set, the host registers an <see cref="EscalationEngine"/> over it, resolving schedule targets through
    /// <see cref="Schedules"/> and team and role targets through <see cref="Directory"/>. At start, every schedule a policy names must be
    /// in <see cref="Schedules"/>, and, unless <see cref="Directory"/> is a custom <see cref="IEscalationDirectory"/>, every team and role
    /// must be in the directory. A host with another source of on-call answers registers its own <see cref="EscalationEngine"/> instead.
    /// From configuration, <c>Escalation</c> has the shape <see cref="EscalationMatrix.FromJson(string)"/> reads.</remarks>
    public EscalationMatrix? Escalation { get; set; }

    /// <summary>Gets or sets who is in each team and who holds each role, for escalation targets that name them.</summary>
    /// <value>The default value is <see langword="null"/>, which takes an empty <see cref="EscalationDirectory"/>.</value>
    /// <remarks>From configuration, <c>Directory</c> has the shape <see cref="EscalationDirectory.FromJson(string)"/> reads. A host with a live
    /// directory (LDAP, an HR system) sets its own <see cref="IEscalationDirectory"/> here.</remarks>
    public IEscalationDirectory? Directory { get; set; }

    /// <summary>Gets or sets how complex an incident is, which selects its escalation policy in the escalation matrix.</summary>
    /// <value>The default value returns <see cref="Complexity.Standard"/> for every incident.</value>
    /// <remarks>Used only when the host registers an <see cref="EscalationEngine"/>.</remarks>
    public Func<Incident, Complexity> ComplexityOf { get; set; } = static _ => Complexity.Standard;

    /// <summary>Gets or sets whether the host runs the timer worker that records due SLA, escalation and auto-close events.</summary>
    /// <value>The default value is <see langword="true"/>. Turn it off on nodes that only serve requests.</value>
    public bool EnableWorker { get; set; } = true;

    /// <summary>Gets or sets whether the worker follows the communication plans: reminds owners before a status update falls due and sends the executive summaries.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    /// <remarks>Reminders and summaries are recorded as <c>StatusUpdateDue</c> and <c>ExecutiveSummaryDue</c> events and composed into
    /// messages by the outbox planner. Turn it off when another system handles stakeholder communication.</remarks>
    public bool ScheduleCommunication { get; set; } = true;

    /// <summary>Gets or sets how long the worker waits between two sweeps for due work.</summary>
    /// <value>The default value is 5 seconds. It bounds how late a due event is recorded.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a claim on due work is held before another worker may take it over.</summary>
    /// <value>The default value is 30 seconds; it must exceed <see cref="PollInterval"/>.</value>
    /// <remarks>A worker that dies mid-sweep delays its claimed incidents by at most this long. While a worker acts on its claims it
    /// renews their leases every third of this duration, so work that runs longer is not claimed by another worker meanwhile; a
    /// worker whose renewal is refused (its lease lapsed, for example while its process was paused) stops without writing.</remarks>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many incidents one sweep claims at most.</summary>
    /// <value>The default value is 100; allowed are 1 to 1000.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets how long after resolution the worker closes an incident on behalf of the system, or <see langword="null"/> to never close automatically.</summary>
    /// <value>The default value is 3 days.</value>
    public TimeSpan? AutoCloseResolvedAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Gets or sets the name this worker claims work under, shown in logs and lease records.</summary>
    /// <value>The default value is the machine name, the process id and a random suffix.</value>
    public string WorkerName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Gets or sets how many poll intervals may pass without a worker heartbeat before the health check reports the worker as stalled.</summary>
    /// <value>The default value is 3; allowed are 2 to 100.</value>
    public int HeartbeatTolerance { get; set; } = 3;

    /// <summary>Gets or sets the age of the oldest undelivered outbox message from which the health check reports Degraded.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan OutboxLagDegraded { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the age of the oldest undelivered outbox message from which the health check reports Unhealthy.</summary>
    /// <value>The default value is 5 minutes; it must not be less than <see cref="OutboxLagDegraded"/>.</value>
    public TimeSpan OutboxLagUnhealthy { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the tenants whose outbox the health check watches for undelivered notifications.</summary>
    /// <value>The default value is a list holding <see cref="TenantId.Default"/>.</value>
    /// <remarks>The outbox port lists messages per tenant, so the check reads the oldest message of each tenant named here.</remarks>
    public IList<TenantId> HealthCheckTenants { get; } = [TenantId.Default];

    /// <summary>Gets or sets the communication plans that decide, by priority, which events notify whom and on which channels.</summary>
    /// <value>The default value is <see langword="null"/>, which takes <see cref="CommunicationPlans.Default"/> (every plan on the <c>email</c> channel).</value>
    /// <remarks>Used by the default <see cref="NotificationComposer"/>; a host that registers its own composer overrides this.</remarks>
    public CommunicationPlans? CommunicationPlans { get; set; }

    /// <summary>Gets or sets the notification templates per event kind and channel.</summary>
    /// <value>The default value is <see langword="null"/>, which takes <see cref="NotificationTemplates.Default"/>.</value>
    public NotificationTemplates? NotificationTemplates { get; set; }

    /// <summary>Gets or sets the address incident ids are appended to for the link in notifications (e.g. <c>https://ops.example.com/incidents/</c>).</summary>
    /// <value>The default value is <see langword="null"/>: notifications carry no link. It must be absolute.</value>
    public Uri? IncidentLinkBase { get; set; }

    /// <summary>Gets or sets where the notifications of exercise incidents go instead of their real recipients.</summary>
    /// <value>The default value is <see langword="null"/>: no message of an exercise incident is sent; each is withdrawn before
    /// sending and recorded as a <c>NotificationDropped</c> event on its timeline (see <see cref="ExerciseRouting"/>).</value>
    public ExerciseRouting? Exercises { get; set; }

    // Problems found while reading configuration (unparsable values, invalid calendars); reported by the validator with the rest.
    internal List<string> ConfigurationProblems { get; } = [];

    /// <summary>Gets or sets the major-incident policy: the rules that declare an incident major and the checklist that runs then.</summary>
    /// <value>The default value is <see langword="null"/>: the worker declares nothing by rule and runs no checklist (declare by hand and
    /// assign roles still work). Commanders are paged from the policy's schedule in <see cref="Schedules"/>; war rooms open through the
    /// registered <see cref="IncidentKit.MajorIncidents.IWarRoomProvider"/>, if any.</value>
    public IncidentKit.MajorIncidents.MajorIncidentPolicy? MajorIncidents { get; set; }

    /// <summary>Gets or sets the runbooks the worker attaches to incidents on open and after a recategorisation.</summary>
    /// <value>The default value is <see langword="null"/>: none are attached automatically.</value>
    public IncidentKit.Runbooks.RunbookLibrary? Runbooks { get; set; }
}
