using IncidentKit.Alerts;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Extensions;

namespace IncidentKit.Samples.Console;

/// <summary>A short alert storm: a failing load balancer makes hundreds of alerts fire at once, an HA pair of Alertmanagers
/// delivers each of them twice, and the intake turns them into one incident per alert group with one page each.</summary>
internal static class AlertStorm
{
    private static readonly (string Alertname, string Service, string Severity, string Summary)[] Groups =
    [
        ("CheckoutErrors", "checkout", "critical", "Checkout 5xx above 5%"),
        ("SearchLatency", "search", "warning", "Search p99 latency above 2 s"),
        ("LoginErrors", "identity", "critical", "Login failures above 10%"),
    ];

    public static async Task RunAsync(TextWriter output, Instant at)
    {
        var clock = new ScriptedTime(at.ToDateTimeOffset()).ToClock();
        var store = new InMemoryIncidentStore(clock);

        // The on-call group follows all three services; the default plans page it on "opened" (and on nothing a repeat causes).
        var subscriptions = new InMemorySubscriptionStore(
            [.. Groups.Select(g => new Subscription(Story.Tenant, Recipient.ForGroup("on-call"), SubscriptionTarget.ForService(g.Service)))]);
        var service = new IncidentService(store, clock, new IncidentServiceOptions { Outbox = new NotificationOutboxPlanner(new NotificationComposer(), subscriptions) });
        var intake = new AlertProcessor(store, service, clock, AlertRoutingTable.Build([new AlertRoute { Name = "by-alert", GroupBy = ["alertname"] }]));

        // 200 instances behind the balancer, each firing all three alerts; both Alertmanagers of the pair send every one.
        var alerts = (from instance in Enumerable.Range(1, 200)
                      from g in Groups
                      select new Alert
                      {
                          Integration = AlertmanagerWebhook.Integration,
                          Key = $"{g.Alertname}/web-{instance:000}",
                          Status = AlertStatus.Firing,
                          Labels = new Dictionary<string, string>
                          {
                              ["alertname"] = g.Alertname, ["service"] = g.Service, ["severity"] = g.Severity, ["instance"] = $"web-{instance:000}",
                          },
                          StartsAt = at,
                          Severity = g.Severity,
                          Summary = g.Summary,
                      }).ToList();
        var first = await intake.ReceiveAsync(Story.Tenant, alerts);
        var second = await intake.ReceiveAsync(Story.Tenant, alerts);
        while (await intake.ProcessPendingAsync("storm", 1000) > 0)
        {
        }

        var incidents = (await store.ListAsync(Story.Tenant, new IncidentQuery { PageSize = 100 })).Items;
        var notifications = (await store.ListOutboxAsync(Story.Tenant, 1000))
            .Select(m => (m.Incident, Kind: NotificationMessageSerializer.Deserialize(m.Payload).EventKind)).ToList();
        output.WriteLine();
        output.WriteLine($"Alert storm: {first.Count + second.Count} deliveries ({alerts.Count} alerts, each from both Alertmanagers of an HA pair); " +
                         $"{first.Count(r => r.IsNew)} inbox records, {second.Count(r => !r.IsNew)} repeats only counted.");
        foreach (var summary in incidents.OrderBy(i => i.Title, StringComparer.Ordinal))
        {
            var incident = await service.FindOrNullAsync(Story.Tenant, summary.Id) ?? throw new InvalidOperationException("The incident was not stored.");
            var pages = notifications.Count(n => n.Incident == summary.Id && n.Kind == "opened");
            output.WriteLine($"  {incident.Priority} {incident.Title}: {incident.LinkedAlerts.Count} alerts linked, {pages} page to on-call");
        }

        output.WriteLine($"  {incidents.Count} incidents and {notifications.Count(n => n.Kind == "opened")} pages for {alerts.Count * 2} deliveries.");
    }
}
