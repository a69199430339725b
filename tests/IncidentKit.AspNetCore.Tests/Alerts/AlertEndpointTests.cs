using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// The endpoints over a real Kestrel host, without monitoring processes.
public sealed class AlertEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // The same answer for every rejected key: only the per-request trace id differs.
    private static string WithoutTraceId(string problem) =>
        string.Join(",", JsonDocument.Parse(problem).RootElement.EnumerateObject().Where(p => p.Name != "traceId").Select(p => p.ToString()));

    [Fact]
    public async Task Alertmanager_UnknownOrOtherSourceKey_Answers401AndRecordsNothing()
    {
        await using var host = await AlertIntakeHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = Json("{}") };
        unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        using var wrongSource = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = Json("{}") };
        wrongSource.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.EventsV2Secret);
        using var a = await http.SendAsync(unknown, Ct);
        using var b = await http.SendAsync(wrongSource, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (a.StatusCode, b.StatusCode));
        Assert.Equal(WithoutTraceId(await a.Content.ReadAsStringAsync(Ct)), WithoutTraceId(await b.Content.ReadAsStringAsync(Ct)));
        Assert.Empty(await host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant, 10, Ct));
    }

    [Fact]
    public async Task Alertmanager_BadBody_Answers400ProblemNamingTheField()
    {
        await using var host = await AlertIntakeHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Secret);

        using var response = await http.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), Json("""{"version":"3"}"""), Ct);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("/version", problem.RootElement.GetProperty("field").GetString());
        Assert.Empty(await host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant, 10, Ct));
    }

    [Fact]
    public async Task Alertmanager_BodyOverLimit_Answers413()
    {
        await using var host = await AlertIntakeHost.StartAsync(o => o.MaxBodyBytes = 1024);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.Secret);

        using var response = await http.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), Json(new string(' ', 2048) + "{}"), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Enqueue_TriggerWithoutDedupKey_Answers202WithGeneratedKeyAndOpensIncident()
    {
        await using var host = await AlertIntakeHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var body = $$$"""{"routing_key":"{{{host.EventsV2Secret}}}","event_action":"trigger","payload":{"summary":"Disk full on srv01","source":"srv01","severity":"critical"}}""";

        using var response = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative), Json(body), Ct);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("success", answer.RootElement.GetProperty("status").GetString());
        Assert.Equal(32, answer.RootElement.GetProperty("dedup_key").GetString()!.Length);
        var incidents = await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 1, TimeSpan.FromSeconds(10), "the incident");
        Assert.Equal("Disk full on srv01", incidents[0].Title);
    }

    [Fact]
    public async Task Enqueue_AcknowledgeWithoutPayload_AcknowledgesTheGroupedIncident()
    {
        // Events grouped by component: two triggers share one incident. PagerDuty senders acknowledge with only routing_key,
        // dedup_key and event_action, so the acknowledgement carries none of the labels the triggers were grouped by.
        await using var host = await AlertIntakeHost.StartAsync(o => o.Routes = IncidentKit.Alerts.AlertRoutingTable.Build([
            new IncidentKit.Alerts.AlertRoute { Name = "critical", Matchers = ["severity=\"critical\""], GroupBy = ["component"] },
            new IncidentKit.Alerts.AlertRoute { Name = "rest", GroupBy = ["component"] },
        ]));
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        string Trigger(string dedup) => $$$"""{"routing_key":"{{{host.EventsV2Secret}}}","event_action":"trigger","dedup_key":"{{{dedup}}}","payload":{"summary":"Checkout 5xx above 5%","source":"{{{dedup}}}","severity":"critical","component":"checkout"}}""";

        using var first = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative), Json(Trigger("web-1/5xx")), Ct);
        using var second = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative), Json(Trigger("web-2/5xx")), Ct);
        var opened = await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 1 && l[0].LinkedAlerts.Count == 2, TimeSpan.FromSeconds(10), "one incident with both alerts");
        Assert.Equal(IncidentKit.Incidents.IncidentState.New, opened[0].State);

        using var ack = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative),
            Json($$"""{"routing_key":"{{host.EventsV2Secret}}","event_action":"acknowledge","dedup_key":"web-2/5xx"}"""), Ct);
        using var answer = JsonDocument.Parse(await ack.Content.ReadAsStringAsync(Ct));

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode, ack.StatusCode));
        Assert.Equal("web-2/5xx", answer.RootElement.GetProperty("dedup_key").GetString());
        var acknowledged = await host.EventuallyAsync(host.IncidentsAsync, l => l.Count == 1 && l[0].State == IncidentKit.Incidents.IncidentState.Acknowledged,
            TimeSpan.FromSeconds(10), "the grouped incident to be acknowledged");
        Assert.Equal(opened[0].Id, acknowledged[0].Id);
        Assert.Equal(1, await host.PagesAsync());
    }

    [Fact]
    public async Task Enqueue_InvalidEvent_Answers400WithErrors()
    {
        await using var host = await AlertIntakeHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        using var response = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative),
            Json($$"""{"routing_key":"{{host.EventsV2Secret}}","event_action":"explode"}"""), Ct);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid event", answer.RootElement.GetProperty("status").GetString());
        Assert.Contains("/event_action", answer.RootElement.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_UnknownMonitor_Answers404_KnownAnswers202()
    {
        await using var host = await AlertIntakeHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Add("X-IncidentKit-Key", host.HeartbeatSecret);

        using var unknown = await http.PostAsync(new Uri("/heartbeats/nope", UriKind.Relative), null, Ct);
        using var known = await http.PostAsync(new Uri("/heartbeats/nightly-backup", UriKind.Relative), null, Ct);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.Accepted), (unknown.StatusCode, known.StatusCode));
    }

    [Fact]
    public async Task Endpoints_OverRateLimit_Answer429()
    {
        await using var host = await AlertIntakeHost.StartAsync(o => o.PermitsPerSecond = 2);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), Json("{}"), Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
