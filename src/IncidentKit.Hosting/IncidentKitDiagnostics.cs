using System.Diagnostics;

namespace IncidentKit.Hosting;

// One ActivitySource for the library; listeners subscribe by its name ("IncidentKit"). Names follow the OpenTelemetry
// naming rules: span names are low-cardinality operation names (no ids in them), attributes live in the library's own
// "incidentkit." namespace with dotted entity.property names, counts end in ".count", and a failed operation carries the
// semantic conventions' general "error.type" attribute (the exception's type) with an Error status.
internal static class IncidentKitDiagnostics
{
    public const string SourceName = "IncidentKit";

    // Span names.
    public const string Sweep = "incidentkit.worker.sweep";
    public const string Automate = "incidentkit.worker.automate";
    public const string Append = "incidentkit.incident.append";

    // Attributes.
    public const string WorkerName = "incidentkit.worker.name";
    public const string ClaimedCount = "incidentkit.worker.claimed.count";
    public const string TenantId = "incidentkit.tenant.id";
    public const string IncidentId = "incidentkit.incident.id";
    public const string DueKind = "incidentkit.due.kind";
    public const string EventsCount = "incidentkit.events.count";
    public const string ErrorType = "error.type";

    public static readonly ActivitySource ActivitySource = new(SourceName);

    public static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetTag(ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        }
    }
}
