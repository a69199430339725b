using System.Text.Json.Serialization;
using System.ComponentModel;
using IncidentKit.Configuration;

namespace IncidentKit.Hosting.Configuration;

/// <summary>Describes the whole <c>IncidentKit</c> configuration section, the shape <c>appsettings.json</c> holds.</summary>
/// <remarks>Every property is optional: a value left out keeps the <see cref="IncidentKitOptions"/> default. Time spans are written as
/// <c>"00:00:05"</c> or <c>"3.00:00:00"</c>. The section is read by <c>AddIncidentKit(configuration.GetSection("IncidentKit"))</c>, and its
/// JSON Schema (<c>incidentkit.schema.json</c>, shipped in this package and in <c>docs/</c>) is generated from these records.</remarks>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Description("The IncidentKit configuration section.")]
public sealed record IncidentKitConfiguration
{
    /// <summary>Gets the store a host wires from configuration: Sqlite, PostgreSql or InMemory.</summary>
    /// <value>The default value is <see langword="null"/>. <c>AddIncidentKit</c> does not choose a store from it; hosts such as the web sample do.</value>
    [Description("The store a host wires from configuration (the web sample reads it); AddIncidentKit itself does not choose a store from it.")]
    [Expected("store")]
    [JsonPropertyName("Store")]
    public IncidentKitStoreKind? Store { get; init; }

    /// <summary>Gets the incident workflow rules.</summary>
    [Description("The incident workflow rules.")]
    [JsonPropertyName("Workflow")]
    public WorkflowConfiguration? Workflow { get; init; }

    /// <summary>Gets the priority matrix: a row of priorities per impact level, a column per urgency level.</summary>
    /// <value>The default value is <see langword="null"/>, which takes the ITIL 3x3 matrix.</value>
    [Description("The priority matrix: a row of priorities per impact level (1 first), a column per urgency level. Default: the ITIL 3x3 matrix.")]
    [JsonPropertyName("PriorityMatrix")]
    public PriorityMatrixConfiguration? PriorityMatrix { get; init; }

    /// <summary>Gets the category taxonomy with the defaults each category gives, keyed by path such as "Network/VPN".</summary>
    /// <value>The default value is <see langword="null"/>, which accepts any category.</value>
    [Description("The category taxonomy, keyed by path such as \"Network/VPN\", with the defaults each category gives (inherited by its children). Default: any category is accepted.")]
    [Expected("an object of category paths to defaults", "{ \"AssignmentGroup\": ..., \"Impact\": ..., \"Urgency\": ... }", Entry = "category")]
    [JsonPropertyName("Categories")]
    public IReadOnlyDictionary<string, CategoryConfiguration?>? Categories { get; init; }

    /// <summary>Gets the business calendars by name.</summary>
    [Description("Business calendars by name, for SLA policies and on-call restrictions.")]
    [Expected("an object of calendar names to calendars", Entry = "calendar")]
    [JsonPropertyName("Calendars")]
    public IReadOnlyDictionary<string, CalendarConfiguration>? Calendars { get; init; }

    /// <summary>Gets the SLA policies.</summary>
    [Description("The SLA policies: conditional policies tried in order and one fallback.")]
    [JsonPropertyName("SlaPolicies")]
    public SlaPolicySetConfiguration? SlaPolicies { get; init; }

    /// <summary>Gets the on-call schedules (a list, or an object keyed by schedule id).</summary>
    [Description("The on-call schedules: a list, or an object of schedules keyed by id.")]
    [JsonPropertyName("Schedules")]
    public IReadOnlyList<OnCallScheduleConfiguration>? Schedules { get; init; }

    /// <summary>Gets the escalation policies and the rules that choose them.</summary>
    [Description("The escalation policies and the rules that choose them.")]
    [JsonPropertyName("Escalation")]
    public EscalationMatrixConfiguration? Escalation { get; init; }

    /// <summary>Gets the teams and roles escalation targets name.</summary>
    [Description("The teams and roles escalation targets name.")]
    [JsonPropertyName("Directory")]
    public EscalationDirectoryConfiguration? Directory { get; init; }

    /// <summary>Gets the communication plans by priority.</summary>
    /// <value>The default value is <see langword="null"/>, which takes the default plans (critical for P1, high for P2, standard otherwise).</value>
    [Description("The communication plans: who hears what and how often, by priority. Default: critical (P1), high (P2), standard (others), all on the email channel.")]
    [JsonPropertyName("CommunicationPlans")]
    public CommunicationPlansConfiguration? CommunicationPlans { get; init; }

    /// <summary>Gets whether the timer worker runs on this node.</summary>
    [Description("Whether the timer worker runs on this node. Default: true.")]
    [JsonPropertyName("EnableWorker")]
    public bool? EnableWorker { get; init; }

    /// <summary>Gets whether status updates and executive summaries are scheduled.</summary>
    [Description("Whether status updates and executive summaries are scheduled. Default: true.")]
    [JsonPropertyName("ScheduleCommunication")]
    public bool? ScheduleCommunication { get; init; }

    /// <summary>Gets how often the worker looks for due work.</summary>
    [Description("How often the worker looks for due work, as a time span. Default: 00:00:05.")]
    [Expected("a time span such as \"00:00:05\"", NumberAsText = true)]
    [JsonPropertyName("PollInterval")]
    public string? PollInterval { get; init; }

    /// <summary>Gets how long a claim on due work lasts.</summary>
    [Description("How long a claim on due work lasts; must exceed PollInterval. Default: 00:00:30.")]
    [Expected("a time span such as \"00:00:30\"", NumberAsText = true)]
    [JsonPropertyName("LeaseDuration")]
    public string? LeaseDuration { get; init; }

    /// <summary>Gets how many due items one sweep claims.</summary>
    [Description("How many due items one sweep claims, 1 to 1000. Default: 100.")]
    [JsonPropertyName("BatchSize")]
    public int? BatchSize { get; init; }

    /// <summary>Gets how long a resolved incident waits before it closes by itself, or "never".</summary>
    [Description("How long a resolved incident waits before it closes by itself, as a time span, or \"never\". Default: 3.00:00:00.")]
    [Expected("a time span such as \"3.00:00:00\" or \"never\"", NumberAsText = true)]
    [JsonPropertyName("AutoCloseResolvedAfter")]
    public string? AutoCloseResolvedAfter { get; init; }

    /// <summary>Gets this node's worker name, shown on leases.</summary>
    [Description("This node's worker name, shown on leases (1 to 200 characters). Default: machine name, process id and a random suffix.")]
    [Expected("a worker name", NumberAsText = true)]
    [JsonPropertyName("WorkerName")]
    public string? WorkerName { get; init; }

    /// <summary>Gets how many missed poll intervals make the worker unhealthy.</summary>
    [Description("How many missed poll intervals make the worker unhealthy, 2 to 100. Default: 3.")]
    [JsonPropertyName("HeartbeatTolerance")]
    public int? HeartbeatTolerance { get; init; }

    /// <summary>Gets the outbox lag that reports the health check degraded.</summary>
    [Description("The outbox lag that reports the health check degraded, as a time span. Default: 00:01:00.")]
    [Expected("a time span such as \"00:01:00\"", NumberAsText = true)]
    [JsonPropertyName("OutboxLagDegraded")]
    public string? OutboxLagDegraded { get; init; }

    /// <summary>Gets the outbox lag that reports the health check unhealthy.</summary>
    [Description("The outbox lag that reports the health check unhealthy, as a time span. Default: 00:05:00.")]
    [Expected("a time span such as \"00:05:00\"", NumberAsText = true)]
    [JsonPropertyName("OutboxLagUnhealthy")]
    public string? OutboxLagUnhealthy { get; init; }

    /// <summary>Gets the tenants whose outbox lag the health check reports.</summary>
    [Description("The tenants whose outbox lag the health check reports. Default: [\"default\"].")]
    [Expected("an array of tenant ids", "a tenant id", NumberAsText = true)]
    [JsonPropertyName("HealthCheckTenants")]
    public IReadOnlyList<string>? HealthCheckTenants { get; init; }

    /// <summary>Gets the absolute URL that notification links to incidents start with.</summary>
    [Description("The absolute URL notification links to incidents start with, such as \"https://ops.example.com/incidents/\". Default: no links.")]
    [Expected("an absolute URL")]
    [JsonPropertyName("IncidentLinkBase")]
    public string? IncidentLinkBase { get; init; }
}
