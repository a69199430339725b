using IncidentKit.Automations;
using System.Diagnostics.CodeAnalysis;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Hosting.Worker;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

public sealed class EscalationAutomationTests
{
    private static readonly UserId Alice = new("alice");
    private static readonly UserId Bob = new("bob");
    private static readonly UserId Carol = new("carol");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static EscalationEngine Engine()
    {
        var policy = new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Alice))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Bob))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(5), EscalationTarget.User(Carol))
            .Build();
        return new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new NoSchedules(), new EscalationDirectory());
    }

    [Theory]
    [InlineData(false, new[] { 1, 2, 3 })] // a sweep every minute pages each level in turn
    [InlineData(true, new[] { 1, 3 })]     // down for half an hour after the first page: only the level in force pages, once
    public async Task Worker_EscalationEngineRegistered_FiresStepsOnceAndResumesAtTheLevelInForce(bool downtime, int[] expectedLevels)
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var engine = Engine();
        Action<IncidentKitBuilder> services = b => b.UseStore(_ => store).Services.AddSingleton(engine);
        var host = WorkerHarness.Build(time, null, services);
        await host.StartAsync(Token);
        await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
        var incident = await host.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout down", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token);

        for (var minute = 1; minute <= 30; minute++)
        {
            if (downtime && minute == 2)
            {
                await host.StopAsync(Token);
                host.Dispose();
                time.Advance(TimeSpan.FromMinutes(29));
                host = WorkerHarness.Build(time, null, services);
                await host.StartAsync(Token);
                await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, Token);
                break;
            }

            var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
            var beats = heartbeat.Count;
            time.Advance(TimeSpan.FromMinutes(1));
            await heartbeat.WaitForBeatAsync(beats, Token);
        }

        await host.StopAsync(Token);
        host.Dispose();
        var fired = (await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<EscalationStepFired>().ToList();

        Assert.Equal(expectedLevels, fired.Select(f => f.Level));
        Assert.All(fired, f => Assert.Equal(UserId.System, f.Actor));
    }

    // Was: the worker's first sweep started the escalation then, so every page came late by the downtime (level 1 at 9:07,
    // level 2 at 9:12, level 3 at 9:17). Escalation time runs from the opening.
    [Fact]
    public async Task Worker_DownFromTheOpening_PagesTheLevelInForceOnceAndKeepsTheOriginalTimeline()
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var engine = Engine();
        var host = WorkerHarness.Build(time, null, b => b.UseStore(_ => store).Services.AddSingleton(engine));
        var incident = await host.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout down", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token);

        // The worker is down from the opening at 9:00 until 9:07: level 1 (9:00) and level 2 (9:05) fell due meanwhile.
        time.Advance(TimeSpan.FromMinutes(7));
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        for (var minute = 0; minute < 15; minute++)
        {
            var beats = heartbeat.Count;
            time.Advance(TimeSpan.FromMinutes(1));
            await heartbeat.WaitForBeatAsync(beats, Token);
        }

        await host.StopAsync(Token);
        host.Dispose();
        var fired = (await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<EscalationStepFired>().ToList();

        var start = Instant.FromDateTimeOffset(WorkerHarness.Start);
        Assert.Equal(
            [(2, start + Duration.FromMinutes(5), start + Duration.FromMinutes(7), 1), (3, start + Duration.FromMinutes(10), start + Duration.FromMinutes(10), 0)],
            fired.Select(f => (f.Level, f.DueAt, f.At, f.MissedSteps)));
    }

    [Theory]
    [InlineData(true, HealthStatus.Degraded)]
    [InlineData(false, HealthStatus.Unhealthy)]
    public async Task HealthCheck_EscalationLevelResolvesToNobody_RaisesAHealthSignal(bool withFallback, HealthStatus expected)
    {
        var time = new FakeTimeProvider(WorkerHarness.Start);
        var store = new InMemoryIncidentStore(time.ToClockForTests());
        var builder = new EscalationPolicyBuilder("nights", "Nights")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("nights"));
        var policy = (withFallback ? builder.UseFallback(EscalationTarget.User(Carol)) : builder).Build();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new EmptySchedule("nights"), new EscalationDirectory());
        var host = WorkerHarness.Build(time, null, b => b.UseStore(_ => store).Services.AddSingleton(engine));
        await host.StartAsync(Token);
        var heartbeat = host.Services.GetRequiredService<WorkerHeartbeat>();
        await heartbeat.WaitForBeatAsync(0, Token);
        var incident = await host.Services.GetRequiredService<IncidentService>().OpenAsync(TenantId.Default,
            new NewIncident { Title = "Checkout down", Impact = Impact.High, Urgency = Urgency.High }, new UserId("monitor"), cancellationToken: Token);
        var beats = heartbeat.Count;
        time.Advance(TimeSpan.FromSeconds(5));
        await heartbeat.WaitForBeatAsync(beats, Token);

        var check = new IncidentKitHealthCheck(store, store, heartbeat, time.ToClockForTests(), host.Services.GetRequiredService<IOptions<IncidentKitOptions>>(),
            host.Services.GetRequiredService<EscalationHealth>());
        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("incidentkit", _ => null!, null, null) }, Token);
        await host.StopAsync(Token);
        host.Dispose();

        var step = Assert.Single((await store.ReadAsync(TenantId.Default, incident.Id, 0, Token)).Events.OfType<EscalationStepFired>());
        Assert.Equal(withFallback ? [Carol] : [], step.Recipients);
        Assert.Equal(expected, result.Status);
        Assert.Contains("resolved to nobody", result.Description, StringComparison.Ordinal);
        Assert.Contains(withFallback ? "paged the policy's fallback" : "paged nobody", result.Description, StringComparison.Ordinal);
    }

    private sealed class EmptySchedule(string id) : IOnCallResolver
    {
        public bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users)
        {
            users = scheduleId == id ? [] : null;
            return users is not null;
        }

        public bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps)
        {
            gaps = scheduleId == id ? [window] : null;
            return gaps is not null;
        }
    }

    private sealed class NoSchedules : IOnCallResolver
    {
        public bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users)
        {
            users = null;
            return false;
        }

        public bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps)
        {
            gaps = null;
            return false;
        }
    }
}
