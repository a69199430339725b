using BenchmarkDotNet.Attributes;
using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Benchmarks.Communication;

/// <summary>
/// Deciding who to tell about one event of a P1 incident with 200 events on its timeline, among 500 subscriptions of which
/// 70 follow it (by id, service or category), and composing their messages. Goal: composing an event's messages costs well
/// under 100 µs, so the worker can notify inside the transaction that records the event. Baseline: the full Compose (who
/// to tell, render per channel, one message per party).
/// </summary>
[MemoryDiagnoser]
public class NotificationComposerBenchmarks
{
    private NotificationComposer _composer = null!;
    private Incident _incident = null!;
    private Subscription[] _subscriptions = null!;
    private CommunicationPlan _plan = null!;

    [GlobalSetup]
    public void Setup()
    {
        var tenant = new TenantId("bench");
        var at = Instant.FromUtc(2026, 6, 15, 10, 0);
        var bob = new UserId("bob");
        _incident = Incident.Open(IncidentId.New(), tenant, new NewIncident
        {
            Title = "Checkout fails for EU customers", Impact = Impact.High, Urgency = Urgency.High, Service = "payments",
            Category = new CategoryPath("network/vpn"), AssignmentGroup = "payments-oncall",
        }, at, new UserId("alice"));
        _incident.Acknowledge(at + Duration.FromMinutes(1), bob);
        for (var i = 0; i < 197; i++)
        {
            at += Duration.FromMinutes(1);
            if (i % 10 == 0)
            {
                _incident.PostStatusUpdate($"Update {i}: failover progressing.", Audience.External, at, bob);
            }
            else
            {
                _incident.AddWorkNote($"note {i}", at, bob);
            }
        }

        _incident.PostStatusUpdate("Payments recovering; next update in 30 minutes.", Audience.External, at + Duration.FromMinutes(1), bob);
        var services = new[] { "payments", "search", "identity", "storage", "email" };
        _subscriptions = [.. Enumerable.Range(0, 500).Select(i => new Subscription(tenant, Recipient.ForUser(new UserId($"user{i}")),
            (i % 10) switch
            {
                0 => SubscriptionTarget.ForIncident(i < 100 ? _incident.Id : IncidentId.New()),
                1 or 2 or 3 => SubscriptionTarget.ForService(services[i % 5]),
                4 => SubscriptionTarget.ForCategory(new CategoryPath(i % 20 == 4 ? "network" : "hardware")),
                _ => SubscriptionTarget.ForService("other-" + i),
            },
            i % 3 == 0 ? Audience.External : Audience.Internal))];
        _composer = new NotificationComposer(incidentLinkBase: new Uri("https://ops.example.com/incidents/"));
        _plan = _composer.Plans.ForPriority(_incident.Priority);

        var told = _composer.WhoToTell(_incident, _incident.Events[^1], _subscriptions).Select(a => a.Recipient).ToHashSet();
        var expected = _subscriptions.Where(s => s.Target.Matches(_incident)).Select(s => s.Subscriber).Append(Recipient.ForGroup("payments-oncall")).ToHashSet();
        if (!told.SetEquals(expected) || Compose() != expected.Count)
        {
            throw new InvalidOperationException($"Composer told {told.Count} parties; the naive filter finds {expected.Count}.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Compose() => _composer.Compose(_incident, _incident.Events[^1], _subscriptions).Count;

    [Benchmark]
    public int WhoToTell() => _composer.WhoToTell(_incident, _incident.Events[^1], _subscriptions).Count;

    [Benchmark]
    public int RenderOneTemplate() => _composer.Templates.Render(_incident, _incident.Events[^1], "email", null).Body.Length;

    [Benchmark]
    public Instant? NextStatusUpdateDue() => StatusUpdateSchedule.NextStatusUpdateDue(_incident, _plan);
}
