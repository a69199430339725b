using IncidentKit;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using NodaTime;

// Crash drill child: appends to a SQLite file with several concurrent writers until it is killed (SIGKILL), printing
// "<incident> <version>" for every append the store has acknowledged, flushed at once. The parent test kills it mid-stream
// and checks that every printed append survived.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: IncidentKit.Sqlite.CrashDrill <database file>");
    return 2;
}

var clock = SystemClock.Instance;
using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={args[0]}" }, clock);
var output = Console.Out;
var gate = new Lock();
var actor = new UserId("system:crash-drill");

await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
{
    var incident = Incident.Open(IncidentId.New(), TenantId.Default,
        new NewIncident { Title = $"crash drill writer {writer}", Impact = new Impact(1), Urgency = new Urgency(1) }, clock.GetCurrentInstant(), actor);
    while (true)
    {
        var result = await store.AppendAsync(IncidentChange.For(incident) with
        {
            NextDue = new DueWork(clock.GetCurrentInstant() + Duration.FromMinutes(5), DueWorkKind.UpdateReminder),
        });
        incident.MarkCommitted();
        lock (gate)
        {
            output.WriteLine($"{incident.Id.Value:N} {result.Version}");
            output.Flush();
        }

        incident.AddWorkNote($"note {incident.Version + 1} from writer {writer}", clock.GetCurrentInstant(), actor);
    }
})));
return 0;
