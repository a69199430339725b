using IncidentKit.Automations;
using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Runbooks;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

// Issue 12 §2: runbooks are selected by category, service or alert labels. An incident the alert intake opens has neither
// category nor service here, so only its alert's labels (recorded on AlertLinked) can select the runbook.
public sealed class MajorIncidentAutomationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_AlertOpenedIncident_AttachesTheRunbookSelectedByAlertLabels()
    {
        var failover = new Runbook("db-failover", 1, "Database failover", [new RunbookStep("Promote the replica", true, null, [])],
            new RunbookSelector([], [], new Dictionary<string, string> { ["alertname"] = "PostgresDown" }));
        var network = new Runbook("network", 1, "Network outage", [new RunbookStep("Check the uplinks", true, null, [])],
            new RunbookSelector([], [], new Dictionary<string, string> { ["alertname"] = "UplinkDown" }));
        await using var harness = await WorkerHarness.StartAsync(o => o.Runbooks = new RunbookLibrary([failover, network]));
        var clock = harness.Services.GetRequiredService<IClock>();
        var processor = new AlertProcessor(harness.Store, harness.Incidents, clock,
            AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]));
        var startsAt = clock.GetCurrentInstant() - Duration.FromMinutes(3);

        await processor.ReceiveAsync(TenantId.Default, [new Alert
        {
            Integration = AlertmanagerWebhook.Integration,
            Key = "fp-pg",
            Status = AlertStatus.Firing,
            Labels = new Dictionary<string, string> { ["alertname"] = "PostgresDown", ["instance"] = "db-1" },
            StartsAt = startsAt,
            Summary = "Postgres is down",
        }], Token);
        await processor.ProcessPendingAsync("test", cancellationToken: Token);
        var opened = Assert.Single((await harness.Store.ListAsync(TenantId.Default, new IncidentQuery(), Token)).Items);
        await harness.AdvanceAsync(TimeSpan.FromSeconds(5));
        await harness.AdvanceAsync(TimeSpan.FromSeconds(5));

        var incident = await harness.LoadAsync(opened.Id);
        var linked = Assert.Single(incident.Events.OfType<AlertLinked>());
        Assert.Equal(startsAt, linked.AlertStartsAt);
        Assert.Equal("PostgresDown", incident.AlertLabels["alertname"]);
        Assert.Equal("db-1", incident.AlertLabels["instance"]);
        Assert.Equal("db-failover", incident.AttachedRunbook?.Id);
        Assert.Contains(incident.Events.OfType<RunbookAttached>(), e => e.Reason == "Selected by alert labels.");
    }
}
