using System.Diagnostics.CodeAnalysis;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Hosting.Worker;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
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
        Action<IncidentKitBuilder> services = b => b.Services.AddSingleton(store).AddSingleton(engine);
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
