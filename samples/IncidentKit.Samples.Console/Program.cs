using IncidentKit;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Samples.Console;
using NodaTime;

// A P1 database outage, start to finish, on scripted instants (Europe/London, Friday 27 March 2026, the weekend the
// clocks go forward). Every step goes through the application service and is stored; the timeline is read back.
var london = DateTimeZoneProviders.Tzdb["Europe/London"];
var clock = new ScriptedClock(At(2026, 3, 27, 16, 5));
await using var desk = await IncidentDesk.OpenAsync(clock, args);
var tenant = new TenantId("acme");
UserId monitoring = new("system:monitoring"), alice = new("alice"), bob = new("bob");

var incident = await desk.Service.OpenAsync(tenant, new NewIncident
{
    Title = "Orders database unreachable",
    Impact = Impact.High,
    Urgency = Urgency.High,
    Category = new CategoryPath("Software/Database"),
    Service = "orders-db",
    Source = "monitoring",
}, monitoring);
var id = incident.Id;
desk.Follow(tenant, id);

await desk.Step(At(2026, 3, 27, 16, 5), (i, at) => i.LinkAlert("pg-primary-down", "prometheus", at, monitoring));
await desk.Step(At(2026, 3, 27, 16, 21), (i, at) => i.Acknowledge(at, alice));
await desk.Step(At(2026, 3, 27, 16, 24), (i, at) =>
{
    i.Assign(alice, "DBA", at, alice);
    i.StartWork(at, alice);
    i.RecordDiagnosis(DiagnosisStage.Symptoms, "Connections time out; replica lag alarms", at, alice);
});
await desk.Step(At(2026, 3, 27, 16, 52), (i, at) => i.RecordDiagnosis(DiagnosisStage.SuspectedCause, "Storage array controller failover stuck", at, alice));
await desk.Step(At(2026, 3, 27, 17, 10), (i, at) => i.PutOnHold("Waiting for the storage vendor's engineer", at, alice));
await desk.Step(At(2026, 3, 30, 9, 30), (i, at) =>
{
    i.Resume(at, bob);
    i.RecordDiagnosis(DiagnosisStage.ConfirmedRootCause, "Controller firmware bug; vendor hot-fix applied", at, bob);
});
await desk.Step(At(2026, 3, 30, 10, 15), (i, at) => i.Resolve("vendor-fix", "Firmware hot-fix applied, primary promoted back", at, bob));
await desk.Step(At(2026, 3, 31, 10, 0), (i, at) => i.Close(at, alice));

var final = await desk.Service.FindOrNullAsync(tenant, id) ?? throw new InvalidOperationException("The incident was not stored.");
Timeline.Print(Console.Out, final, london);
Console.WriteLine();
Console.WriteLine("Workflow (Mermaid, from the live Stateless configuration):");
Console.WriteLine(desk.Service.Rules.ToMermaidDiagram());

Instant At(int y, int m, int d, int h, int min) => new LocalDateTime(y, m, d, h, min).InZoneLeniently(london).ToInstant();
