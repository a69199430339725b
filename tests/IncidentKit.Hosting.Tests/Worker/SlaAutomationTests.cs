using IncidentKit.Automations;
using System.Text;
using IncidentKit.Incidents.Events;
using IncidentKit.Sla;
using IncidentKit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

public sealed class SlaAutomationTests
{
    private const string Policies = """
        { "policies": [ { "name": "standard",
            "targets": { "P1": { "response": "15m", "resolution": "4h" } },
            "warnings": { "response": [], "resolution": [50] } } ] }
        """;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(10, 30)] // a sweep every ten minutes
    [InlineData(300, 1)] // down for five hours, then one sweep
    public async Task Worker_SlaPolicies_RecordsEachWarningAndBreachOnceAtItsTrueInstant(int minutesPerStep, int steps)
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.SlaPolicies = SlaPolicySet.FromJson(Policies));
        var incident = await worker.OpenAsync();

        for (var i = 0; i < steps; i++)
        {
            await worker.AdvanceAsync(TimeSpan.FromMinutes(minutesPerStep));
        }

        var sla = (await worker.LoadAsync(incident.Id)).Events
            .Where(e => e is SlaWarningReached or SlaBreached)
            .Select(e => (e.GetType().Name, e is SlaBreached b ? b.Target : ((SlaWarningReached)e).Target, e.At, e.Actor))
            .ToList();
        Assert.Equal(
        [
            (nameof(SlaBreached), SlaTargetKind.Response, incident.OpenedAt + Duration.FromMinutes(15), UserId.System),
            (nameof(SlaWarningReached), SlaTargetKind.Resolution, incident.OpenedAt + Duration.FromHours(2), UserId.System),
            (nameof(SlaBreached), SlaTargetKind.Resolution, incident.OpenedAt + Duration.FromHours(4), UserId.System),
        ], sla);
        Assert.Null(await worker.DueAtOrNullAsync(incident.Id));
    }

    [Fact]
    public async Task Open_SlaPolicies_PlansTheFirstDeadlineInTheSameAppend()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.SlaPolicies = SlaPolicySet.FromJson(Policies));

        var incident = await worker.OpenAsync();

        Assert.Equal(new DueWork(incident.OpenedAt + Duration.FromMinutes(15), DueWorkKind.SlaThreshold),
            await worker.Store.FindDueOrNullAsync(TenantId.Default, incident.Id, Token));
    }

    [Fact]
    public async Task Acknowledge_BeforeTheResponseTarget_RecordsItMetAndNoBreach()
    {
        await using var worker = await WorkerHarness.StartAsync(o => o.SlaPolicies = SlaPolicySet.FromJson(Policies));
        var incident = await worker.OpenAsync();
        await worker.AdvanceAsync(TimeSpan.FromMinutes(5));
        await worker.Incidents.ExecuteAsync(TenantId.Default, incident.Id, (i, at) => i.Acknowledge(at, new UserId("alice")), Token);

        await worker.AdvanceAsync(TimeSpan.FromMinutes(20));

        var events = (await worker.LoadAsync(incident.Id)).Events;
        Assert.Single(events.OfType<SlaMet>(), m => m.Target == SlaTargetKind.Response);
        Assert.DoesNotContain(events.OfType<SlaBreached>(), b => b.Target == SlaTargetKind.Response);
    }

    [Fact]
    public void AddIncidentKit_SlaPoliciesInAppSettings_AreReadWithTheirCalendars()
    {
        const string json = """
            { "IncidentKit": {
                "Calendars": { "office": { "timeZone": "UTC", "weekly": { "monday": [ "09:00-17:00" ] } } },
                "SlaPolicies": { "policies": [ { "name": "standard", "calendar": "office",
                  "targets": { "P1": { "response": "15m" } }, "warnings": { "response": [ 50, 80 ] } } ] } } }
            """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        using var provider = new ServiceCollection().AddLogging().AddIncidentKit(configuration.GetSection("IncidentKit")).UseInMemoryStore().Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<IncidentKitOptions>>().Value;

        Assert.Empty(options.ConfigurationProblems);
        Assert.Equal("standard", options.SlaPolicies!.Fallback.Name);
        Assert.Contains(provider.GetRequiredService<IncidentKit.Incidents.IncidentService>().Automations, a => a is SlaAutomation);
    }

    [Fact]
    public async Task StartAsync_PolicyNamesAMissingCalendar_FailsNamingIt()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddIncidentKit(o => o.SlaPolicies = SlaPolicySet.FromJson("""
            { "policies": [ { "name": "standard", "calendar": "nowhere", "targets": { "P1": { "response": "15m" } } } ] }
            """)).UseInMemoryStore();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Contains(ex.Failures, f => f.StartsWith("SlaPolicies:", StringComparison.Ordinal) && f.Contains("'nowhere'", StringComparison.Ordinal));
    }
}
