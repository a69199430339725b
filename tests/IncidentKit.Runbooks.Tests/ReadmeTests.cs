using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Runbooks.Tests;

// The README's "Major incidents and runbooks" snippets, run here so that they cannot rot. Keep them in step.
public sealed class ReadmeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-readme-").FullName;
    private readonly string _previous = Directory.GetCurrentDirectory();

    [Fact]
    public void MajorIncidentsAndRunbooks_RunsAsWritten()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "runbooks"));
        File.WriteAllText(Path.Combine(_directory, "runbooks", "db-failover.md"), """
            # Database failover
            id: db-failover
            version: 3
            category: Infrastructure/Database
            labels: alertname=PostgresDown

            - [ ] Page the DBA on call (required, 5m)
            - [ ] Check replication lag on [the dashboard](https://grafana.example.com/d/pg) (optional, 10m)
            - [ ] Promote the replica (1h30m)
            """);
        Directory.SetCurrentDirectory(_directory);
        var now = Instant.FromUtc(2026, 6, 15, 14, 0);

        var runbook = RunbookMarkdown.Parse(File.ReadAllText("runbooks/db-failover.md"), "db-failover.md");
        var rules = new IncidentRules(new IncidentWorkflowOptions { RequireRunbookStepsToResolve = true });
        var incident = Incident.Open(IncidentId.New(), new TenantId("acme"), new NewIncident
        {
            Title = "Orders database down", Impact = Impact.High, Urgency = Urgency.High,
            Category = new CategoryPath("Infrastructure/Database"),
        }, now, new UserId("system:monitoring"), rules);

        new RunbookLibrary([runbook]).AttachMatching(incident, now, new Dictionary<string, string> { ["alertname"] = "PostgresDown" });
        MajorIncidentChecklist.Run(incident, MajorIncidentPolicy.Default, now);       // P1: declared by rule, checklist recorded
        incident.AssignResponseRole(ResponseRole.IncidentCommander, new UserId("carol"), null, now, new UserId("alice"));
        incident.CompleteRunbookStep(1, "paged Bob", now + Duration.FromMinutes(4), new UserId("carol"));
        incident.SkipRunbookStep(3, "the primary came back by itself", now + Duration.FromMinutes(9), new UserId("carol"));
        incident.Resolve("fixed", "primary recovered", now + Duration.FromMinutes(10), new UserId("carol"));
        var took = RunbookProgress.Of(incident)!.Steps[0].Took;                        // 4 minutes, against 5 expected

        Assert.Equal(Duration.FromMinutes(4), took);
        Assert.Equal("priority P1", incident.Events.OfType<MajorIncidentDeclared>().Single().Rule);
        Assert.Equal(5, incident.Events.OfType<MajorIncidentStepCompleted>().Count());
        Assert.Equal(IncidentState.Resolved, incident.State);
    }

    public void Dispose()
    {
        Directory.SetCurrentDirectory(_previous);
        Directory.Delete(_directory, recursive: true);
    }
}
