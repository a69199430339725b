using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IncidentKit.Samples.Web;

namespace IncidentKit.Samples.Web.Tests;

// The sample's alert endpoints with the integration key it prints at start (the development default here), over a real socket.
public sealed class AlertIntakeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Enqueue_TriggerWithPrintedKey_OpensIncidentListedByApiWithItsState()
    {
        await using var server = SampleServer.Start();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        const string Body = $$$"""
            {"routing_key":"{{{SampleOptions.DevelopmentIntegrationKey}}}","event_action":"trigger","dedup_key":"srv01/disk",
             "payload":{"summary":"Disk full on srv01","source":"srv01","severity":"critical"}}
            """;

        using var response = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative), Json(Body), Ct);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("srv01/disk", answer.RootElement.GetProperty("dedup_key").GetString());

        var incident = await EventuallyAsync(server, "Disk full on srv01");
        Assert.Equal("new", incident.GetProperty("state").GetString());
        Assert.Equal("P1", incident.GetProperty("priority").GetString());

        using var ack = await http.PostAsync(new Uri("/v2/enqueue", UriKind.Relative),
            Json($$"""{"routing_key":"{{SampleOptions.DevelopmentIntegrationKey}}","event_action":"acknowledge","dedup_key":"srv01/disk"}"""), Ct);
        Assert.Equal(HttpStatusCode.Accepted, ack.StatusCode);
        await EventuallyAsync(server, "Disk full on srv01", "acknowledged");
    }

    [Fact]
    public async Task AlertEndpoints_PrintedKey_AcceptedByEverySource_OtherKeyRefused()
    {
        await using var server = SampleServer.Start();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        const string Key = SampleOptions.DevelopmentIntegrationKey;
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O");
        var alertmanager = $$"""
            {"version":"4","groupKey":"{}:{alertname=\"CheckoutErrors\"}","truncatedAlerts":0,"status":"firing","receiver":"incidentkit",
             "groupLabels":{"alertname":"CheckoutErrors"},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093",
             "alerts":[{"status":"firing","labels":{"alertname":"CheckoutErrors","service":"checkout-api","severity":"critical"},
                        "annotations":{"summary":"Checkout errors above 5%"},"startsAt":"{{startsAt}}","endsAt":"0001-01-01T00:00:00Z",
                        "generatorURL":"http://prometheus/graph","fingerprint":"c0ffee0123456789"}]}
            """;

        using var am = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = Json(alertmanager) };
        am.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/alerts/webhook/script")
        {
            Content = Json("""{"key":"backup-disk","status":"firing","summary":"Backup disk 95% full","severity":"warning","labels":{"host":"nas1"}}"""),
        };
        webhook.Headers.Add("X-IncidentKit-Key", Key);
        using var beat = new HttpRequestMessage(HttpMethod.Post, "/heartbeats/nightly-backup");
        beat.Headers.Add("X-IncidentKit-Key", Key);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = Json(alertmanager) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SampleServer.AdminKey);

        using var a = await http.SendAsync(am, Ct);
        using var w = await http.SendAsync(webhook, Ct);
        using var h = await http.SendAsync(beat, Ct);
        using var x = await http.SendAsync(wrong, Ct);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Unauthorized),
            (a.StatusCode, w.StatusCode, h.StatusCode, x.StatusCode));
        var checkout = await EventuallyAsync(server, "Checkout errors above 5%");
        Assert.Equal("checkout-api", checkout.GetProperty("service").GetString());
        await EventuallyAsync(server, "Backup disk 95% full");
    }

    private static async Task<JsonElement> EventuallyAsync(SampleServer server, string title, string state = "new")
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var incidents = await server.OpenIncidentsAsync(Ct);
            var found = incidents.Where(i => i.GetProperty("title").GetString() == title).ToList();
            if (found.Count == 1 && found[0].GetProperty("state").GetString() == state)
            {
                return found[0];
            }

            Assert.True(found.Count <= 1, $"{found.Count} incidents titled '{title}'; expected one.");
            Assert.True(DateTime.UtcNow < deadline, $"No incident '{title}' in state {state} within 20 s: {string.Join(", ", incidents.Select(i => i.GetProperty("title").GetString() + "/" + i.GetProperty("state").GetString()))}");
            await Task.Delay(100, Ct);
        }
    }
}
