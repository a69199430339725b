using IncidentKit.Incidents;
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

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
