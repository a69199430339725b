using System.Net;
using System.Net.Http.Headers;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.OnCall;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests;

public sealed class OnCallEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_AtInstant_ReturnsWhoIsOnCallAndNextHandoffs()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        var body = await ApiHost.JsonAsync(await client.GetAsync("/api/oncall/ops?at=2026-03-03T12:00:00Z", Ct));

        // Daily rotation from Monday 2 March 09:00 UTC: alice, then bob on Tuesday.
        Assert.Equal(["bob"], body["onCall"]!.AsArray().Select(u => u!.GetValue<string>()));
        var next = body["nextHandoffs"]!.AsArray();
        Assert.Equal("2026-03-04T09:00:00Z", next[0]!["at"]!.GetValue<string>());
        Assert.Equal(["alice"], next[0]!["onCall"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public async Task List_Now_NamesEverySchedule()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        var body = await ApiHost.JsonAsync(await client.GetAsync("/api/oncall", Ct));

        Assert.Equal("ops", body["schedules"]![0]!["schedule"]!.GetValue<string>());
        Assert.Equal(["alice"], body["schedules"]![0]!["onCall"]!.AsArray().Select(u => u!.GetValue<string>()));
    }

    [Fact]
    public async Task Feed_Schedule_IsICalendarWithOneEventPerShift()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        using var response = await client.GetAsync("/api/oncall/ops.ics?days=3", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("BEGIN:VCALENDAR", text);
        Assert.Contains("DTSTART:20260303T090000Z", text);
        Assert.Contains("SUMMARY:On call: bob (ops)", text);
        Assert.Equal(4, text.Split("BEGIN:VEVENT").Length - 1); // 2, 3 and 4 March, and 5 March up to the window end (now + 3 days)
    }

    [Fact]
    public async Task Feed_User_HoldsOnlyTheirShifts()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        var text = await client.GetStringAsync(new Uri("/api/oncall/users/alice.ics?days=5", UriKind.Relative), Ct);

        Assert.Contains("SUMMARY:On call: alice (ops)", text);
        Assert.DoesNotContain("bob", text);
    }

    [Fact]
    public async Task OnCall_OtherTenantsSchedule_IsNotListedReadableOrInAnyFeed()
    {
        await using var host = await TwoTenantHostAsync();
        using var a = host.Client("a-viewer");
        using var b = host.Client("b-admin");

        var listedForA = await ApiHost.JsonAsync(await a.GetAsync("/api/oncall", Ct));
        var listedForB = await ApiHost.JsonAsync(await b.GetAsync("/api/oncall", Ct));

        Assert.Equal(["ops"], listedForA["schedules"]!.AsArray().Select(s => s!["schedule"]!.GetValue<string>()));
        Assert.Equal(["b-ops"], listedForB["schedules"]!.AsArray().Select(s => s!["schedule"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/oncall/b-ops", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync("/api/oncall/b-ops.ics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/oncall/b-ops", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync("/api/oncall/ops", Ct)).StatusCode);

        // alice is on both rotas; tenant A's feed of her shifts holds only tenant A's schedule.
        var feed = await a.GetStringAsync(new Uri("/api/oncall/users/alice.ics?days=5", UriKind.Relative), Ct);
        Assert.Contains("(ops)", feed);
        Assert.DoesNotContain("b-ops", feed);
    }

    [Fact]
    public async Task CalendarFeed_TokenUrlWithoutHeaders_ServesTheOwnersShiftsOfTheirTenantOnly()
    {
        await using var host = await TwoTenantHostAsync();
        await host.AddKeyAsync("a-alice", ApiHost.TenantA, "alice", IncidentKit.Authorization.IncidentRole.Viewer);
        using var alice = host.Client("a-alice");
        using var created = await alice.PostAsync("/api/oncall/feeds", null, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var url = new Uri((await ApiHost.JsonAsync(created))["url"]!.GetValue<string>());
        Assert.StartsWith("/calendar/ikf_", url.AbsolutePath);
        Assert.DoesNotContain(host.Key("a-alice"), url.ToString());

        // A calendar app: no Authorization header, no cookie.
        using var calendarApp = host.Client(null);
        using var response = await calendarApp.GetAsync(url.PathAndQuery + "?days=5", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("SUMMARY:On call: alice (ops)", text);
        Assert.DoesNotContain("b-ops", text);
    }

    [Fact]
    public async Task CalendarFeed_Revoked_Answers404AndTheTokenIsNoApiKey()
    {
        await using var host = await ApiHost.StartAsync();
        using var alice = host.Client("a-responder");
        using var created = await alice.PostAsync("/api/oncall/feeds", null, Ct);
        var body = await ApiHost.JsonAsync(created);
        var url = new Uri(body["url"]!.GetValue<string>());
        var token = url.AbsolutePath["/calendar/".Length..^".ics".Length];
        using var calendarApp = host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await calendarApp.GetAsync(url.PathAndQuery, Ct)).StatusCode);

        // The feed token opens nothing else, and an API key in the feed's place opens nothing.
        using var withToken = host.Client(null);
        withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withToken.GetAsync("/api/incidents", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync($"/calendar/{host.Key("a-responder")}.ics", Ct)).StatusCode);
        var feedId = body["id"]!.GetValue<string>();
        var listed = System.Text.Json.Nodes.JsonNode.Parse(await alice.GetStringAsync(new Uri("/api/oncall/feeds", UriKind.Relative), Ct))!.AsArray();
        Assert.Equal(feedId, Assert.Single(listed)!["id"]!.GetValue<string>());

        // Someone else cannot revoke it; its owner can, and then the URL is dead at once.
        using var other = host.Client("a-admin");
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"/api/oncall/feeds/{feedId}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/oncall/feeds/{feedId}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await calendarApp.GetAsync(url.PathAndQuery, Ct)).StatusCode);
    }

    // Tenant A owns "ops" (alice, bob); tenant B owns "b-ops" (alice, bert).
    private static Task<ApiHost> TwoTenantHostAsync() => ApiHost.StartAsync(
        options: o => o.Schedules.Add(new OnCallScheduleBuilder(new ScheduleId("b-ops"), "UTC")
            .AddLayer("week", [new UserId("alice"), new UserId("bert")], new LocalDateTime(2026, 3, 2, 9, 0), RotationLength.Days(1))
            .Build()),
        api: a =>
        {
            a.ScheduleTenants["ops"] = ApiHost.TenantA;
            a.ScheduleTenants["b-ops"] = ApiHost.TenantB;
        });

    [Fact]
    public async Task Get_UnknownSchedule_Answers404()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/oncall/nope", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/oncall/nope.ics", Ct)).StatusCode);
    }
}
