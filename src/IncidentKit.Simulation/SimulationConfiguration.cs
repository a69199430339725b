using IncidentKit.Alerts;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Sla;

namespace IncidentKit.Simulation;

/// <summary>Holds the configuration under test: on-call schedules, escalation, SLA policies on their calendars, alert routing and communication.</summary>
/// <remarks>
/// These are the same objects a host runs with (read by the same readers: <see cref="OnCallRoster.FromJson"/>,
/// <see cref="EscalationMatrix.FromJson"/>, <see cref="SlaPolicySet.FromJson"/>, ...), so a what-if answers for the
/// configuration that would really be deployed.
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record SimulationConfiguration
{
    /// <summary>Gets the name shown in reports and comparisons.</summary>
    /// <value>The default value is <c>configuration</c>.</value>
    public string Name { get; init; } = "configuration";

    /// <summary>Gets the on-call schedules.</summary>
    public required OnCallRoster Roster { get; init; }

    /// <summary>Gets the escalation matrix (policies and the rules that select them).</summary>
    public required EscalationMatrix Escalation { get; init; }

    /// <summary>Gets the teams and roles escalation targets name.</summary>
    /// <value>The default value is an empty directory.</value>
    public EscalationDirectory Directory { get; init; } = new();

    /// <summary>Gets the SLA engine (policies on their calendars), or <see langword="null"/> to run without SLA clocks.</summary>
    public SlaEngine? Sla { get; init; }

    /// <summary>Gets the alert routing table alerts are routed and grouped by.</summary>
    /// <value>The default value is <see cref="AlertRoutingTable.Empty"/>.</value>
    public AlertRoutingTable Routes { get; init; } = AlertRoutingTable.Empty;

    /// <summary>Gets the alert intake options (auto-resolve, hold-down, flapping, reopen window).</summary>
    /// <value>The default value is the default options.</value>
    public AlertIntakeOptions Intake { get; init; } = new();

    /// <summary>Gets the communication plans, whose status-update cadence the owners are reminded of.</summary>
    /// <value>The default value is <see cref="CommunicationPlans.Default"/>.</value>
    public CommunicationPlans Communication { get; init; } = CommunicationPlans.Default;

    /// <summary>Gets the incident rules (workflow, priority matrix, categories).</summary>
    /// <value>The default value is <see cref="IncidentRules.Default"/>.</value>
    public IncidentRules Rules { get; init; } = IncidentRules.Default;

    /// <summary>Gets the escalation options.</summary>
    /// <value>The default value is <see cref="EscalationOptions.Default"/>.</value>
    public EscalationOptions EscalationOptions { get; init; } = EscalationOptions.Default;

    /// <summary>Reads a configuration from JSON: <c>name</c>, <c>schedules</c>, <c>escalation</c>, <c>directory</c>, <c>slaPolicies</c>, <c>calendars</c> and <c>routes</c>.</summary>
    /// <param name="json">The document; each part has the shape the host's configuration reader accepts.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The document is malformed or invalid; every problem is listed with its JSON path.</exception>
    public static SimulationConfiguration FromJson(string json) => Json.ScenarioJson.ParseConfiguration(json ?? throw new ArgumentNullException(nameof(json)));

    /// <summary>Reads a configuration from YAML: the same document as <see cref="FromJson"/> written as YAML (see <see cref="Scenario.FromYaml"/>).</summary>
    /// <param name="yaml">The configuration document.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="yaml"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The document is malformed or invalid; every problem is listed.</exception>
    public static SimulationConfiguration FromYaml(string yaml) => Json.ScenarioJson.ParseConfiguration(
        Json.ScenarioYaml.ToJson(yaml ?? throw new ArgumentNullException(nameof(yaml)), Json.ScenarioJson.ConfigurationSubject), withLines: false);
}
