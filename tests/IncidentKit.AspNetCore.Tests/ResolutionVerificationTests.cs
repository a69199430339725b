using System.Net;
using IncidentKit.AspNetCore.Tests.Support;

namespace IncidentKit.AspNetCore.Tests;

public sealed class ResolutionVerificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ApiHost> StartAsync(bool require) =>
        ApiHost.StartAsync(options: o =>
        {
            o.Workflow.RequireResolutionVerification = require;
            o.AutoCloseResolvedAfter = TimeSpan.FromDays(2);
        });

    private static async Task<string> ResolvedByCommanderAsync(ApiHost host)
    {
        var id = await ApiHost.OpenAsync(host.Client()); // reported by alice (responder)
        using var resolve = await ApiHost.PostAsync(host.Client("a-commander"), $"/api/incidents/{id}/resolve", new { code = "fixed", notes = "restarted" });
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        return id;
    }

    [Fact]
    public async Task Close_VerificationRequired_SomeoneElseIsRefusedWith409()
    {
        await using var host = await StartAsync(require: true);
        var id = await ResolvedByCommanderAsync(host);

        using var response = await ApiHost.PostAsync(host.Client("a-commander"), $"/api/incidents/{id}/close");
        var seen = await ApiHost.JsonAsync(await host.Client("a-commander").GetAsync($"/api/incidents/{id}", Ct));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("verified by the reporter", (await ApiHost.JsonAsync(response))["unmetRules"]![0]!.GetValue<string>());
        Assert.DoesNotContain("close", seen["permittedCommands"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.True(seen["verification"]!["pending"]!.GetValue<bool>());
        Assert.Equal("2026-03-04T10:00:00Z", seen["verification"]!["autoCloseAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_ReporterConfirms_Closes()
    {
        await using var host = await StartAsync(require: true);
        var id = await ResolvedByCommanderAsync(host);
        using var reporter = host.Client();
        var seen = await ApiHost.JsonAsync(await reporter.GetAsync($"/api/incidents/{id}", Ct));
        Assert.Contains("verify", seen["permittedCommands"]!.AsArray().Select(c => c!.GetValue<string>()));

        using var response = await ApiHost.PostAsync(reporter, $"/api/incidents/{id}/verify", new { confirm = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("closed", (await ApiHost.JsonAsync(response))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_ReporterRejects_Reopens()
    {
        await using var host = await StartAsync(require: true);
        var id = await ResolvedByCommanderAsync(host);

        using var response = await ApiHost.PostAsync(host.Client(), $"/api/incidents/{id}/verify", new { confirm = false, reason = "still 502s" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("in-progress", (await ApiHost.JsonAsync(response))["state"]!.GetValue<string>());
        var timeline = await ApiHost.JsonAsync(await host.Client().GetAsync($"/api/incidents/{id}/timeline", Ct));
        var last = timeline["events"]!.AsArray()[^1]!;
        Assert.Equal("reopened", last["type"]!.GetValue<string>());
        Assert.Equal("alice", last["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_NeitherReporterNorOwner_Answers403()
    {
        await using var host = await StartAsync(require: true);
        var id = await ResolvedByCommanderAsync(host);

        using var response = await ApiHost.PostAsync(host.Client("a-admin"), $"/api/incidents/{id}/verify", new { confirm = true });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Close_VerificationNotRequired_AnyoneAllowedCloses()
    {
        await using var host = await StartAsync(require: false);
        var id = await ResolvedByCommanderAsync(host);

        using var response = await ApiHost.PostAsync(host.Client("a-commander"), $"/api/incidents/{id}/close");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AutoClose_QuietPeriodPassed_SystemClosesUnverifiedResolution()
    {
        await using var host = await StartAsync(require: true);
        var id = await ResolvedByCommanderAsync(host);
        var service = (IncidentKit.Incidents.IncidentService)host.Services.GetService(typeof(IncidentKit.Incidents.IncidentService))!;

        // What the worker's auto-close does after the quiet period: close as the system actor.
        var closed = await service.ExecuteAsync(ApiHost.TenantA, IncidentKit.Incidents.IncidentId.Parse(id),
            (i, now) => i.Close(now, UserId.System), Ct);

        Assert.Equal(IncidentKit.Incidents.IncidentState.Closed, closed.State);
    }
}
