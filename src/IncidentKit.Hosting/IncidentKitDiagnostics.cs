using System.Diagnostics;

namespace IncidentKit.Hosting;

// One ActivitySource for the library; listeners subscribe by its name ("IncidentKit").
internal static class IncidentKitDiagnostics
{
    public const string SourceName = "IncidentKit";

    public static readonly ActivitySource ActivitySource = new(SourceName);
}
