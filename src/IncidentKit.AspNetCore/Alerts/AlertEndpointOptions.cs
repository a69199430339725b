using IncidentKit.Alerts;

namespace IncidentKit.AspNetCore.Alerts;

/// <summary>Configures the alert intake endpoints and their background processing.</summary>
/// <threadsafety>Instances are mutable until the host starts; do not change them afterwards.</threadsafety>
public sealed class AlertEndpointOptions
{
    /// <summary>Gets or sets the largest request body accepted, in bytes; larger bodies get 413.</summary>
    /// <value>The default value is 1 MiB.</value>
    public int MaxBodyBytes { get; set; } = AlertmanagerWebhook.DefaultMaxBytes;

    /// <summary>Gets or sets how many requests one client (remote address) may make per second before getting 429.</summary>
    /// <value>The default value is 200.</value>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>Gets or sets the routing table.</summary>
    /// <value>The default value is <see cref="AlertRoutingTable.Empty"/>.</value>
    public AlertRoutingTable Routes { get; set; } = AlertRoutingTable.Empty;

    /// <summary>Gets or sets how groups open, resolve, reopen and flap.</summary>
    public AlertIntakeOptions Intake { get; set; } = new();

    /// <summary>Gets the generic webhook mappings, by integration name, served at <c>/alerts/webhook/{integration}</c>.</summary>
    public IList<GenericWebhookMapping> Webhooks { get; } = [];

    /// <summary>Gets the heartbeat monitors served at <c>/heartbeats/{monitor}</c>.</summary>
    public IList<HeartbeatMonitor> Heartbeats { get; } = [];

    /// <summary>Gets the maintenance windows in force at start; change them later through <see cref="AlertProcessor.Silences"/>.</summary>
    public IList<MaintenanceWindow> MaintenanceWindows { get; } = [];

    /// <summary>Gets or sets how often the background processor looks for work when nothing signals it.</summary>
    /// <value>The default value is one second.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long the background processor waits between two rounds while records keep arriving.</summary>
    /// <value>The default value is 250 milliseconds; <see cref="TimeSpan.Zero"/> starts the next round at once.</value>
    /// <remarks>Each round decides every group it touches once, reading and saving the group's state (which lists all of the
    /// group's alerts) and appending once to its incident. Under an alert storm, rounds that follow each other at once hold only
    /// the few records that arrived meanwhile, so that work is done again for every few alerts; waiting lets a round gather more.
    /// The first alert after a quiet spell is processed at once; later ones wait at most this long (plus the round itself).</remarks>
    public TimeSpan RoundInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how long an integration key found in the store is trusted without asking the store again.</summary>
    /// <value>The default value is five seconds; <see cref="TimeSpan.Zero"/> asks the store on every request.</value>
    /// <remarks>Unknown keys are never remembered, so a key saved on any node works at once. A key deleted, or saved again for
    /// another tenant or source, straight in the store takes effect on this node within this duration.</remarks>
    public TimeSpan IntegrationKeyCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the name of the rate-limiting policy the endpoints use.</summary>
    /// <value>The default value is <c>incidentkit-alerts</c>.</value>
    public string RateLimitPolicy { get; set; } = "incidentkit-alerts";
}
