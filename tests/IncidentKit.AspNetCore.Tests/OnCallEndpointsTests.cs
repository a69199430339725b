using System.Net;
using IncidentKit.AspNetCore.Tests.Support;

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
    public async Task Get_UnknownSchedule_Answers404()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client("a-viewer");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/oncall/nope", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/oncall/nope.ics", Ct)).StatusCode);
    }
}
