using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using System.Text.Json.Serialization;
using NodaTime;

namespace IncidentKit.Alerts;

// The durable state of one alert group: which incident it owns, what each of its alerts last said, the flapping record and
// the actions decided but not yet applied to the incident. Stores keep it as opaque JSON with a version for compare-and-set, and
// each alert's entry as an opaque JSON entry of its own (AlertGroupRecord.Entries): a storm's group holds thousands of alerts
// and a round changes a few hundred, so a save writes only the entries in Changed (AlertSerializer.ToRecord).
internal sealed class AlertGroupState
{
    public required TenantId Tenant { get; set; }

    public required string GroupKey { get; set; }

    public IncidentId? Incident { get; set; }

    public int Generation { get; set; }

    public bool IncidentResolved { get; set; }

    public Instant? ResolvedAt { get; set; }

    // The incident's resolve was decided but held by its runbook's required steps: the incident stays open (IncidentResolved is
    // false) until AlertAutoResolveAutomation resolves it; any alert firing again calls the wait off.
    public bool ResolveHeld { get; set; }

    [JsonIgnore]
    public Dictionary<string, AlertEntry> Alerts { get; set; } = new(StringComparer.Ordinal);

    // The keys of the entries changed since the state was read or last saved: the entries the next save writes.
    [JsonIgnore]
    public HashSet<string> Changed { get; } = new(StringComparer.Ordinal);

    // Read only: a group saved before its alerts were entries of their own kept them in its state (AlertSerializer.FromRecord
    // moves them to Alerts and marks them changed, so the first save writes them as entries); never written.
    [JsonPropertyName("alerts")]
    public Dictionary<string, AlertEntry>? StateAlerts { get; set; }

    public List<Instant> Changes { get; set; } = [];

    public bool Flapping { get; set; }

    public Instant? LastChangeAt { get; set; }

    public Instant? ResolveDueAt { get; set; }

    public IncidentTemplate? Template { get; set; }

    public HeartbeatInfo? Heartbeat { get; set; }

    public List<AlertAction> Pending { get; set; } = [];

    public int ActionSequence { get; set; }
}

internal sealed class AlertEntry
{
    public AlertStatus Status { get; set; }

    public Instant StartsAt { get; set; }

    public Instant LastSeenAt { get; set; }

    public long Occurrences { get; set; }

    public Instant? ResolvedStartsAt { get; set; }

    public Instant? SilencedUntil { get; set; }

    public string? SilencedBy { get; set; }

    public int LinkedGeneration { get; set; }

    public string Integration { get; set; } = "";

    // Kept only while the alert may still need linking with them (silenced, or held back while the group flaps); once linked to
    // the group's incident they are in its AlertLinked event, and a later firing of the alert brings them again. Null otherwise,
    // so that a large group's state (saved every round) does not carry every alert's labels.
    public Dictionary<string, string>? Labels { get; set; }
}

internal sealed record IncidentTemplate(string Title, string? Description, Impact Impact, Urgency Urgency, CategoryPath? Category, string? Service, string? AssignmentGroup, string Source)
{
    public NewIncident ToNewIncident() => new()
    {
        Title = Title,
        Description = Description,
        Impact = Impact,
        Urgency = Urgency,
        Category = Category,
        Service = Service,
        AssignmentGroup = AssignmentGroup,
        Source = "monitoring:" + Source,
    };
}

internal sealed record HeartbeatInfo(Duration Interval, Duration Grace, Instant LastPingAt);

// A Link carries the alert's StartsAt and Labels for the AlertLinked event; actions queued before they existed read as null.
internal sealed record AlertAction(AlertActionKind Kind, IncidentId Incident, string? AlertKey = null, string? Source = null, string? Text = null, IncidentTemplate? Template = null,
    Instant? StartsAt = null, Dictionary<string, string>? Labels = null);
