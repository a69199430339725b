using IncidentKit;
using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Samples.Console;
using NodaTime;
using static IncidentKit.Samples.Console.Story;

// A P1 database outage, start to finish, on scripted instants in London on the weekend the clocks go forward. Monitoring
// opens it; nobody answers the first page, so it walks the escalation policy through the on-call schedule until Bob
// acknowledges; it waits on a vendor over the weekend (the resolution clock pauses, the update clock does not) and is
// resolved on Monday. Everything is stored in SQLite; pages go to the console, state changes to a status page webhook.
var output = Console.Out;
var time = new ScriptedTime(At(2026, 3, 27, 16, 0).ToDateTimeOffset());
await using var desk = new IncidentDesk(time, output, London);

output.WriteLine($"On call for dba-primary at Friday 16:05: {string.Join(", ", desk.Schedule.WhoIsOnCall(At(2026, 3, 27, 16, 5)).Select(u => u.Value))}");
output.WriteLine();
var incident = await desk.OpenAsync(At(2026, 3, 27, 16, 5), new NewIncident
{
    Title = "Orders database unreachable",
    Impact = Impact.High,
    Urgency = Urgency.High,
    Category = new CategoryPath("Software/Database"),
    Service = "orders-db",
    Source = "monitoring",
}, Monitoring);

await desk.StepAsync(At(2026, 3, 27, 16, 6), (i, at) => i.LinkAlert("pg-primary-down", "prometheus", at, Monitoring));
await desk.StepAsync(At(2026, 3, 27, 16, 22), (i, at) => i.Acknowledge(at, Bob));
await desk.StepAsync(At(2026, 3, 27, 16, 24), (i, at) =>
{
    i.Assign(Bob, "DBA", at, Bob);
    i.StartWork(at, Bob);
    i.RecordDiagnosis(DiagnosisStage.Symptoms, "Connections time out; replica lag alarms", at, Bob);
});
await desk.StepAsync(At(2026, 3, 27, 16, 40), (i, at) => i.PostStatusUpdate("Orders cannot be placed; DBAs are on it. Next update by 17:40.", Audience.External, at, Bob));
await desk.StepAsync(At(2026, 3, 27, 16, 52), (i, at) => i.RecordDiagnosis(DiagnosisStage.SuspectedCause, "Storage controller failover stuck", at, Bob));
await desk.StepAsync(At(2026, 3, 27, 17, 10), (i, at) => i.PutOnHold("Waiting for the storage vendor's engineer", at, Bob));
await desk.RunUntilAsync(At(2026, 3, 28, 12, 0));
Timeline.PrintClocks(output, "on Saturday at noon, on hold", desk.SlaNow(), London);
await desk.StepAsync(At(2026, 3, 30, 9, 30), (i, at) =>
{
    i.Resume(at, Grace);
    i.RecordDiagnosis(DiagnosisStage.ConfirmedRootCause, "Controller firmware bug; vendor hot-fix applied", at, Grace);
    i.PostStatusUpdate("Vendor fix applied; verifying. Next update by 10:30.", Audience.External, at, Grace);
});
await desk.StepAsync(At(2026, 3, 30, 10, 15), (i, at) => i.Resolve("vendor-fix", "Firmware hot-fix applied, primary promoted back", at, Grace));
Timeline.PrintClocks(output, "at resolution", desk.SlaNow(), London);
await desk.StepAsync(At(2026, 3, 31, 10, 0), (i, at) => i.Close(at, Bob));

var stored = await desk.Service.FindOrNullAsync(Tenant, incident.Id) ?? throw new InvalidOperationException("The incident was not stored.");
output.WriteLine();
output.WriteLine($"Stored in SQLite: {stored.Version} events and, beside them, {await desk.DeliveriesRecordedAsync(Tenant, incident.Id)} deliveries recorded, " +
                 $"{desk.WebhookDeliveries} signed webhook deliveries received by the status page; final state {stored.State}.");
output.WriteLine();
output.WriteLine("Workflow (Mermaid, from the live Stateless configuration):");
output.WriteLine(desk.Service.Rules.ToMermaidDiagram());

// `report [path]`: a quarter of history around the story, measured from SQLite into an HTML report and a CSV export.
if (args is ["report", ..])
{
    await ReportCommand.RunAsync(desk.Store, output, args.Length > 1 ? args[1] : "report.html");
}
