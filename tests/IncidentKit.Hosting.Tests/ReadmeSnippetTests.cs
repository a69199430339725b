using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace IncidentKit.Hosting.Tests;

// The hosting snippet of the README, compiled and run: a host with settings from appsettings, SQLite and a health check.
public sealed class ReadmeSnippetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-readme-").FullName;

    [Fact]
    public async Task HostingSnippet_StartsOpensAnIncidentAndReportsHealthy()
    {
        var databaseFile = Path.Combine(_directory, "incidents.db");
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """
            { "IncidentKit": { "PollInterval": "00:00:05", "AutoCloseResolvedAfter": "3.00:00:00",
                               "SlaPolicies": { "policies": [ { "name": "standard",
                                 "targets": { "P1": { "response": "15m", "resolution": "4h" } } } ] } } }
            """);

#pragma warning disable xUnit1051 // the snippet reads as a program, not a test
        #region hosting
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        builder.Services.AddIncidentKit(builder.Configuration.GetSection("IncidentKit"))
            .UseSqlite($"Data Source={databaseFile}");
        builder.Services.AddHealthChecks().AddIncidentKitHealthCheck();
        using var host = builder.Build();
        await host.StartAsync();

        var incidents = host.Services.GetRequiredService<IncidentService>();
        var incident = await incidents.OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High }, new UserId("alice"));
        #endregion
#pragma warning restore xUnit1051

        var health = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Priority.P1, incident.Priority);
        Assert.NotEqual(HealthStatus.Unhealthy, health.Status);
        Assert.NotNull(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IncidentKitOptions>>().Value.SlaPolicies);
    }

    [Fact]
    public async Task NotificationsSnippet_OpensAP1AndDeliversTheStatusPageWebhookAndTheEmail()
    {
        var databaseFile = Path.Combine(_directory, "notify.db");
        await using var statusPage = new IncidentKit.Notifications.Tests.Support.LocalHttpReceiver();
        var statusPageUrl = statusPage.Url;
        using var emailLog = new StringWriter();
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """
            { "IncidentKit": { "PollInterval": "00:00:05", "IncidentLinkBase": "https://ops.example.com/incidents/" } }
            """);

#pragma warning disable xUnit1051 // the snippet reads as a program, not a test
        #region hosting-notifications
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _directory });
        // Who follows what: the checkout team on the plan's channels (email by default), the status page on its webhook
        // (external audience: state changes and external status updates only).
        builder.Services.AddSingleton<ISubscriptionStore>(new InMemorySubscriptionStore([
            new Subscription(TenantId.Default, Recipient.ForGroup("checkout-team"), SubscriptionTarget.ForService("checkout")),
            new Subscription(TenantId.Default, Recipient.ForGroup("status-page"), SubscriptionTarget.ForService("checkout"),
                Audience.External, channels: ["webhook"]),
        ]));
        builder.Services.AddIncidentKit(builder.Configuration.GetSection("IncidentKit"))
            .UseSqlite($"Data Source={databaseFile}")
            .AddNotifications(o => o.PollInterval = TimeSpan.FromMilliseconds(200))
            .AddWebhookChannel(o =>
            {
                o.Endpoint = statusPageUrl;
                o.Secret = "shared-with-the-status-page";
            })
            // The default communication plans send to "email": any INotificationChannel of that name will do.
            .AddNotificationChannel(_ => new TextWriterChannel(emailLog, "email"));
        using var host = builder.Build();
        await host.StartAsync();

        var incidents = host.Services.GetRequiredService<IncidentService>();
        var incident = await incidents.OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" },
            new UserId("alice"));
        #endregion
#pragma warning restore xUnit1051

        // A hang guard, not a timing assertion: the dispatcher polls on the real clock here.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (statusPage.ProcessedCount == 0 || !emailLog.ToString().Contains("opened", StringComparison.Ordinal))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }

        await host.StopAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(statusPage.Requests);
        Assert.Contains(incident.Id.Value.ToString(), System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains("group:checkout-team", emailLog.ToString(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
