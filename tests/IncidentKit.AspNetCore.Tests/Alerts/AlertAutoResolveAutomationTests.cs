using System.Net;
using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Incidents;
using IncidentKit.Runbooks;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// The host that AddIncidentKitAlerts wires: an alert group's resolve held by the runbook, made when the last step is done over HTTP.
public sealed class AlertAutoResolveAutomationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunbookStep_LastRequiredStepOverHttpWhileTheAlertStaysResolved_TheWorkerResolvesTheIncidentAsTheIntake()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite,
            configure: b =>
            {
                b.Services.AddIncidentKitAlerts(o => o.Routes = AlertRoutingTable.Build([new AlertRoute { Name = "all", GroupBy = ["alertname"] }]));

                // The test processes the inbox itself, step by step; the hosted intake worker would race it for the records.
                b.Services.Remove(b.Services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "AlertIntakeWorker"));
            },
            options: o => o.Workflow.RequireRunbookStepsToResolve = true);
        var intake = host.Services.GetRequiredService<AlertProcessor>();
        var incidents = host.Services.GetRequiredService<IncidentService>();
        var dueWork = (IDueWorkStore)host.Services.GetRequiredService<IAlertStore>();
        var firing = new Alert
        {
            Integration = AlertmanagerWebhook.Integration,
            Key = "fp1",
            Status = AlertStatus.Firing,
            Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown" },
            StartsAt = Instant.FromDateTimeOffset(host.Time.GetUtcNow()),
            Summary = "API is down",
        };
        await intake.ReceiveAsync(ApiHost.TenantA, [firing], Ct);
        await intake.ProcessPendingAsync("test", 100, Ct);
        var id = Assert.Single((await host.Services.GetRequiredService<IIncidentStore>().ListAsync(ApiHost.TenantA, new IncidentQuery(), Ct)).Items).Id;
        var runbook = new Runbook("api-restart", 1, "Restart the API", [new RunbookStep("Drain the node", true, null, []), new RunbookStep("Restart", true, null, [])]);
        await incidents.ExecuteAsync(ApiHost.TenantA, id, (i, at) => i.AttachRunbook(runbook.ToSnapshot(), null, at, new UserId("alice")), Ct);
        await intake.ReceiveAsync(ApiHost.TenantA, [firing with { Status = AlertStatus.Resolved }], Ct);
        await intake.ProcessPendingAsync("test", 100, Ct);
        using var alice = host.Client("a-responder");

        (await ApiHost.PostAsync(alice, $"/api/incidents/{id}/runbook-step", new { step = 1 })).Dispose();
        await RunWorkerAsync(dueWork, incidents);
        using (var held = await alice.GetAsync($"/api/incidents/{id}", Ct))
        {
            Assert.Equal("new", (await ApiHost.JsonAsync(held))["state"]!.GetValue<string>());
        }

        host.Time.Advance(TimeSpan.FromMinutes(7));
        using (var done = await ApiHost.PostAsync(alice, $"/api/incidents/{id}/runbook-step", new { step = 2, note = "restarted" }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        await RunWorkerAsync(dueWork, incidents);

        using var read = await alice.GetAsync($"/api/incidents/{id}", Ct);
        var incident = await ApiHost.JsonAsync(read);
        Assert.Equal("resolved", incident["state"]!.GetValue<string>());
        var resolution = incident["resolution"]!;
        Assert.Equal(("auto-resolved", "system:monitoring"), (resolution["code"]!.GetValue<string>(), resolution["by"]!.GetValue<string>()));
        Assert.Contains("the last by alice", resolution["notes"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // The worker's loop, once: claim what is due now and run it.
    private static async Task RunWorkerAsync(IDueWorkStore dueWork, IncidentService incidents)
    {
        foreach (var claim in await dueWork.ClaimDueAsync("worker", Duration.FromSeconds(30), 100, Ct))
        {
            await incidents.RunDueAsync(claim, Ct);
        }
    }
}
