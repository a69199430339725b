using IncidentKit;
using IncidentKit.Alerts;
using IncidentKit.Samples.Web;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Wires the alert intake into the sample: Alertmanager, Events API v2, a curl-friendly webhook and a heartbeat, all
/// accepting the printed integration key.</summary>
internal static class SampleAlertIntake
{
    /// <summary>The generic webhook's name, served at <c>/alerts/webhook/script</c>.</summary>
    public const string ScriptWebhook = "script";

    /// <summary>The heartbeat monitor's name, served at <c>/heartbeats/nightly-backup</c>.</summary>
    public const string BackupMonitor = "nightly-backup";

    /// <summary>Adds the intake: checkout alerts grouped by alert name onto the checkout service, everything else grouped as its
    /// sender groups it (Alertmanager's group, an Events v2 dedup key); a webhook for scripts; a daily backup heartbeat.</summary>
    public static WebApplicationBuilder AddSampleAlertIntake(this WebApplicationBuilder builder)
    {
        var tenant = new TenantId(builder.Configuration["Sample:Tenant"] ?? "demo");
        builder.Services.AddIncidentKitAlerts(o =>
        {
            o.Routes = AlertRoutingTable.Build([
                new AlertRoute { Name = "checkout", Matchers = ["service=~\"checkout.*\""], Service = "checkout-api", GroupBy = ["alertname"] },
                new AlertRoute { Name = "default" },
            ]);
            o.Webhooks.Add(new GenericWebhookMapping(ScriptWebhook, key: "/key", status: "/status", summary: "/summary", labels: "/labels", severity: "/severity"));
            o.Heartbeats.Add(new HeartbeatMonitor(tenant, BackupMonitor, Duration.FromHours(24), Duration.FromHours(1)));
        });
        return builder;
    }

    /// <summary>Maps the intake endpoints behind their rate limiter.</summary>
    public static WebApplication UseSampleAlertIntake(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapIncidentKitAlerts();
        return app;
    }

    /// <summary>Stores the sample's integration key (hashed) for every alert source of the demo tenant.</summary>
    public static async Task SeedIntegrationKeyAsync(this WebApplication app)
    {
        var sample = app.Services.GetRequiredService<IOptions<SampleOptions>>().Value;
        await app.Services.GetRequiredService<IAlertStore>()
            .SaveIntegrationKeyAsync(IntegrationKey.For(new TenantId(sample.Tenant), IntegrationKey.AnySource, sample.IntegrationKey));
    }
}
