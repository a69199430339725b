using IncidentKit;
using IncidentKit.AspNetCore;
using IncidentKit.AspNetCore.Security;
using IncidentKit.Authorization;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Samples.Web;
using IncidentKit.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Seeds the demo tenant on first start (keys and a few incidents, one of them past its SLA) and prints how to get in.</summary>
internal static class DemoTenant
{
    public static async Task SeedDemoTenantAsync(this WebApplication app)
    {
        var sample = app.Services.GetRequiredService<IOptions<SampleOptions>>().Value;
        var tenant = new TenantId(sample.Tenant);
        var keys = app.Services.GetRequiredService<IApiKeyStore>();
        var clock = app.Services.GetRequiredService<IClock>();
        var now = clock.GetCurrentInstant();

        // Keys from configuration are (re)registered every start; AddAsync ignores one that is stored already.
        await keys.AddAsync(ApiKeys.Record(sample.AdminKey, tenant, new UserId("admin"), [IncidentRole.Admin], "development admin key", now, "dev-admin"));
        await keys.AddAsync(ApiKeys.Record(sample.IntegrationKey, tenant, new UserId("monitoring"), [IncidentRole.Responder], "development integration key", now, "dev-integration"));
        await app.SeedIntegrationKeyAsync();

        var store = app.Services.GetRequiredService<IIncidentStore>();
        var service = app.Services.GetRequiredService<IncidentService>();
        if (sample.Seed && (await store.ListAsync(tenant, new IncidentQuery { States = Enum.GetValues<IncidentState>(), PageSize = 1 })).Items.Count == 0)
        {
            // Opened 90 minutes ago and never acknowledged: its 15-minute response target is breached. It is written with work due
            // now, so the worker records the breach and walks the escalation policy as soon as it starts.
            var breached = Incident.Open(IncidentId.New(), tenant, new NewIncident
            {
                Title = "Checkout API returns 502 for a third of requests",
                Impact = Impact.High,
                Urgency = Urgency.High,
                Category = new CategoryPath("Software/Web"),
                Service = "checkout-api",
                Source = "monitoring",
            }, now - Duration.FromMinutes(90), new UserId("monitoring"), service.Rules);
            await store.AppendAsync(IncidentChange.For(breached) with { NextDue = new DueWork(now, DueWorkKind.SlaThreshold) });

            var db = await service.OpenAsync(tenant, new NewIncident
            {
                Title = "Orders database replica lag above 30 s",
                Impact = Impact.Medium,
                Urgency = Urgency.High,
                Category = new CategoryPath("Software/Database"),
                Service = "orders-db",
                Source = "monitoring",
            }, new UserId("monitoring"));
            await service.ExecuteAsync(tenant, db.Id, (i, at) =>
            {
                i.Acknowledge(at, DemoPolicies.Alice);
                i.Assign(DemoPolicies.Alice, "platform", at, DemoPolicies.Alice);
                i.StartWork(at, DemoPolicies.Alice);
                i.AddWorkNote("Replica is replaying a large vacuum; watching.", at, DemoPolicies.Alice);
            });

            await service.OpenAsync(tenant, new NewIncident
            {
                Title = "VPN drops every few minutes for the Leeds office",
                Impact = Impact.Medium,
                Urgency = Urgency.Medium,
                Category = new CategoryPath("Network/VPN"),
                Service = "vpn",
                Source = "service-desk",
            }, DemoPolicies.Grace);

            var printer = await service.OpenAsync(tenant, new NewIncident
            {
                Title = "Third-floor printer jams on duplex",
                Impact = Impact.Low,
                Urgency = Urgency.Low,
                Category = new CategoryPath("Hardware/Printer"),
                Source = "service-desk",
            }, DemoPolicies.Dave);
            await service.ExecuteAsync(tenant, printer.Id, (i, at) => i.Resolve("fixed", "Replaced the duplex roller.", at, DemoPolicies.Dave));
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, sample));
    }

    private static void PrintWelcome(WebApplication app, SampleOptions sample)
    {
        var url = app.Urls.FirstOrDefault() ?? "http://localhost:5000";
        var dev = sample.AdminKey == SampleOptions.DevelopmentAdminKey ? " (development default: set Sample__AdminKey)" : string.Empty;
        var devIntegration = sample.IntegrationKey == SampleOptions.DevelopmentIntegrationKey ? " (development default: set Sample__IntegrationKey)" : string.Empty;
        Console.WriteLine($"""

            IncidentKit web sample: an incident desk for tenant '{sample.Tenant}'.
              Dashboard:      {url}/
              API reference:  {url}/reference   (sign in on the dashboard first)
              Admin key:      {sample.AdminKey}{dev}
              Integration:    {sample.IntegrationKey}{devIntegration}
              Alert intake:   {url}/v2/enqueue (routing_key), {url}/alerts/alertmanager (Bearer), /alerts/webhook/script, /heartbeats/nightly-backup (X-IncidentKit-Key)
              Try:            curl -H "Authorization: Bearer {sample.AdminKey}" {url}/api/incidents

            """);
    }
}
