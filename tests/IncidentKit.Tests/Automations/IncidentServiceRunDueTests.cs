using IncidentKit.Authorization;
using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Automations;

// The timers through the core alone: an in-memory store, a FakeClock and IncidentService.RunDueAsync, no IncidentKit.Hosting.
public sealed class IncidentServiceRunDueTests
{
    private static readonly TenantId Acme = new("acme");

    private static readonly SlaEngine Sla = new(SlaPolicySet.FromJson("""
        { "policies": [ { "name": "standard", "targets": { "P1": { "response": "15m", "resolution": "4h" } } } ] }
        """));

    private static readonly NewIncident P1 = new() { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunDueAsync_CoreOnlyHostOnAFakeClock_RecordsTheSlaBreachAndPagesEachEscalationLevel()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        var service = new IncidentService(store, clock, new IncidentServiceOptions
        {
            Automations = { new SlaAutomation(Sla), new EscalationAutomation(Engine(Matrix(major: Standard()))) },
        });

        var incident = await service.OpenAsync(Acme, P1, Reporter, cancellationToken: Token);
        await RunTimersAsync(store, service);
        clock.Advance(Minutes(16));
        await RunTimersAsync(store, service);

        var events = (await store.ReadAsync(Acme, incident.Id, 0, Token)).Events;
        var breach = Assert.Single(events.OfType<SlaBreached>());
        Assert.Equal((SlaTargetKind.Response, T0 + Minutes(15)), (breach.Target, breach.At));
        var pages = events.OfType<EscalationStepFired>().ToList();
        Assert.Equal((1, T0), (pages[0].Level, pages[0].At));
        Assert.Equal([Alice], pages[0].Recipients);
        // Level 1 was not acknowledged: by now the policy has paged the levels after it too.
        Assert.Equal([2, 3], pages.Skip(1).Select(p => p.Level).Order());
        // The next due work is planned with the events: the resolution warning or the next escalation round.
        Assert.True((await store.FindDueOrNullAsync(Acme, incident.Id, Token))?.DueAt > clock.GetCurrentInstant());
    }

    [Fact]
    public async Task RunDueAsync_TheSameClaimTwice_RecordsOnce()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        var service = new IncidentService(store, clock, new IncidentServiceOptions { Automations = { new SlaAutomation(Sla) } });
        var incident = await service.OpenAsync(Acme, P1, Reporter, cancellationToken: Token);
        clock.Advance(Minutes(16));
        var claim = Assert.Single(await store.ClaimDueAsync("core-host", Minutes(1), 10, Token));

        var first = await service.RunDueAsync(claim, Token);
        var second = await service.RunDueAsync(claim, Token);

        Assert.Equal(DueRunOutcome.Recorded, first.Outcome);
        Assert.Contains(first.Recorded, e => e is SlaBreached { Target: SlaTargetKind.Response });
        Assert.Equal(DueRunOutcome.NothingDue, second.Outcome);
        Assert.Empty(second.Recorded);
        Assert.Equal(1 + first.Recorded.Count, (await store.ReadAsync(Acme, incident.Id, 0, Token)).Version);
    }

    [Fact]
    public async Task RunDueAsync_AutomationThrows_TheOthersStillRecordAndTheFailureIsTold()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        var failures = new List<AutomationFailedArguments>();
        var broken = new BrokenAutomation();
        var service = new IncidentService(store, clock, new IncidentServiceOptions
        {
            Automations = { broken, new SlaAutomation(Sla) },
            AutomationRetryDelay = Minutes(2),
            OnAutomationFailed = failures.Add,
        });
        var incident = await service.OpenAsync(Acme, P1, Reporter, cancellationToken: Token);
        clock.Advance(Minutes(16));
        failures.Clear();   // planning the opening ran it too

        var result = await service.RunDueAsync(Assert.Single(await store.ClaimDueAsync("core-host", Minutes(1), 10, Token)), Token);

        Assert.Equal(DueRunOutcome.Recorded, result.Outcome);
        Assert.Contains(result.Recorded, e => e is SlaBreached);
        var failure = Assert.Single(failures);
        Assert.Same(broken, failure.Automation);
        Assert.Equal(incident.Id, failure.Incident.Id);
        Assert.Equal(clock.GetCurrentInstant() + Minutes(2), failure.RetryAt);
        // The failing automation's incident is looked at again after the retry delay, before the next SLA event.
        Assert.Equal(new DueWork(clock.GetCurrentInstant() + Minutes(2), DueWorkKind.SlaThreshold), result.NextDue);
    }

    [Fact]
    public async Task RunDueAsync_AuthorizerRefusesTheSystem_WritesNothingAndLeavesTheClaim()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);
        var service = new IncidentService(store, clock, new IncidentServiceOptions
        {
            Automations = { new SlaAutomation(Sla) },
            Authorizer = new RefuseAll(),
        });
        var incident = await service.OpenAsync(Acme, P1, Reporter, cancellationToken: Token);
        clock.Advance(Minutes(16));
        var claim = Assert.Single(await store.ClaimDueAsync("core-host", Minutes(1), 10, Token));

        var result = await service.RunDueAsync(claim, Token);

        Assert.Equal(DueRunOutcome.Denied, result.Outcome);
        Assert.Equal("no robots", result.Denial!.Reason);
        Assert.Equal(1, (await store.ReadAsync(Acme, incident.Id, 0, Token)).Version);
        Assert.NotNull(await store.FindDueOrNullAsync(Acme, incident.Id, Token));
    }

    [Fact]
    public async Task RunDueAsync_StoreWithoutDueWork_ThrowsSayingWhatToSet()
    {
        var clock = new FakeClock(T0);
        var service = new IncidentService(new IncidentsOnly(new InMemoryIncidentStore(clock)), clock);
        var claim = new ClaimedDueWork(Acme, IncidentId.New(), new DueWork(T0, DueWorkKind.SlaThreshold), new WorkLease("w", 1, T0));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => service.RunDueAsync(claim, Token));

        Assert.Contains("IncidentServiceOptions.DueWork", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowNamingTheSetting()
    {
        var clock = new FakeClock(T0);
        var store = new InMemoryIncidentStore(clock);

        Assert.Throws<ArgumentNullException>(() => new IncidentService(store, clock, null!));
        Assert.Contains("IncidentServiceOptions.Automations", Assert.Throws<ArgumentException>(() =>
            new IncidentService(store, clock, new IncidentServiceOptions { Automations = { null! } })).Message, StringComparison.Ordinal);
        Assert.Contains("IncidentServiceOptions.AutomationRetryDelay", Assert.Throws<ArgumentOutOfRangeException>(() =>
            new IncidentService(store, clock, new IncidentServiceOptions { AutomationRetryDelay = Duration.Zero })).Message, StringComparison.Ordinal);
    }

    // What a timer worker does, in a few lines: claim what is due now and run it, until nothing is.
    private static async Task RunTimersAsync(InMemoryIncidentStore store, IncidentService service)
    {
        IReadOnlyList<ClaimedDueWork> claims;
        while ((claims = await store.ClaimDueAsync("core-host", Minutes(1), 100, Token)).Count > 0)
        {
            foreach (var claim in claims)
            {
                await service.RunDueAsync(claim, Token);
            }
        }
    }

    private sealed class BrokenAutomation : IIncidentAutomation
    {
        public DueWork? Run(Incident incident, Instant now) => throw new InvalidOperationException("engine bug");
    }

    private sealed class RefuseAll : IIncidentAuthorizer
    {
        public AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action) => AuthorizationDecision.Deny("no robots");
    }

    // An incident store that keeps no due work (only the two incident ports).
    private sealed class IncidentsOnly(IIncidentStore inner) : IIncidentStore
    {
        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(change, cancellationToken);
    }
}
