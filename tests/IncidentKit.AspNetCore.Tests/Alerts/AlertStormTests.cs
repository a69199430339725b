using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// A small alert storm over HTTP into SQLite: concurrent senders, one alert per POST, every 202 durable; the worker's batched
// rounds must end with one incident per group, every alert linked once, nothing left in the inbox.
public sealed class AlertStormTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alertmanager_300AlertsFrom16SendersFor5Groups_OpensFiveIncidentsAndLinksEveryAlertOnce()
    {
        // 300 requests from one loopback address would pass the default 200 permits a second on a quiet machine: this test is
        // about grouping, so the limiter is opened wide (AlertEndpointTests covers the limiter itself).
        await using var host = await AlertIntakeHost.StartAsync(o => o.PermitsPerSecond = 100_000);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var next = -1;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < 300; i = Interlocked.Increment(ref next))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = Body(i) };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Secret);
                using var response = await http.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }, Ct)));

        // Every answered alert is in the inbox already; then the worker drains it.
        Assert.Equal(300, (await host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant, 1000, Ct)).Count);
        await host.EventuallyAsync(() => host.Alerts.ListReceivedAsync(AlertIntakeHost.Tenant, 1000, Ct).AsTask(), r => r.All(a => a.Processed),
            TimeSpan.FromSeconds(60), "the inbox to drain");
        var incidents = await host.IncidentsAsync();
        Assert.Equal(5, incidents.Count);
        Assert.All(incidents, i => Assert.Equal((60, 60), (i.LinkedAlerts.Count, i.LinkedAlerts.Distinct().Count())));
        Assert.Equal(5, await host.PagesAsync());
    }

    private static StringContent Body(int i) => new($$"""
        {"version":"4","groupKey":"{}:{alertname=\"Storm{{i % 5}}\"}","truncatedAlerts":0,"status":"firing","receiver":"incidentkit",
         "groupLabels":{"alertname":"Storm{{i % 5}}"},"commonLabels":{"alertname":"Storm{{i % 5}}"},"commonAnnotations":{},"externalURL":"http://am",
         "alerts":[{"status":"firing","labels":{"alertname":"Storm{{i % 5}}","instance":"host-{{i}}"},"annotations":{"summary":"Storm {{i % 5}}"},
           "startsAt":"2026-03-02T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p","fingerprint":"storm{{i}}"}]}
        """, Encoding.UTF8, "application/json");
}
