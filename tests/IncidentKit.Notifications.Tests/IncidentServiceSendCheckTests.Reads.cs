using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Notifications.Tests;

/// <summary>A message planned for a real incident carries <see cref="NotificationMessage.IsExercise"/> <see langword="false"/>, so
/// the check sends it without reading the incident; only pages, unmarked exercise messages and messages planned before the flag
/// existed are checked against the store.</summary>
public sealed partial class IncidentServiceSendCheckTests
{
    // Planned with the flag (false), a real incident's message is sent without a read; planned before the flag existed (null),
    // it is checked against the incident as before, which is what the count tells apart.
    [Theory]
    [InlineData(false, 0)]
    [InlineData(null, 1)]
    public async Task ShouldSendAsync_RealIncidentsMessageThatIsNotAPage_ReadsTheIncidentOnlyWhenTheFlagIsUnknown(bool? isExercise, int expectedReads)
    {
        var ct = TestContext.Current.CancellationToken;
        var (service, store, clock) = Create();
        var incident = await service.OpenAsync(Tenant, new NewIncident { Title = "Checkout fails", Impact = Impact.Medium, Urgency = Urgency.Medium }, Alice, cancellationToken: ct);
        var check = new IncidentServiceSendCheck(service);
        var reads = store.Reads;

        var sent = await check.ShouldSendAsync(Message(incident.Id, isExercise), clock.GetCurrentInstant(), ct);

        Assert.True(sent);
        Assert.Equal(expectedReads, store.Reads - reads);
    }

    [Fact]
    public async Task ShouldSendAsync_UnmarkedExerciseMessage_ReadsTheIncidentAndDropsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var (service, store, clock) = Create();
        var incident = await service.OpenAsync(Tenant, new NewIncident { Title = "Game day", Impact = Impact.Medium, Urgency = Urgency.Medium, IsExercise = true }, Alice, cancellationToken: ct);
        var check = new IncidentServiceSendCheck(service);
        var reads = store.Reads;

        var sent = await check.ShouldSendAsync(Message(incident.Id, isExercise: true), clock.GetCurrentInstant(), ct);

        Assert.False(sent);
        Assert.True(store.Reads - reads >= 1);
        var stored = await service.FindOrNullAsync(Tenant, incident.Id, ct);
        Assert.Single(stored!.Events.OfType<NotificationDropped>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Compose_Message_CarriesWhetherTheIncidentIsAnExercise(bool exercise)
    {
        var ct = TestContext.Current.CancellationToken;
        var (service, _, _) = Create();
        var incident = await service.OpenAsync(Tenant, new NewIncident { Title = "Checkout fails", Impact = Impact.Medium, Urgency = Urgency.Medium, IsExercise = exercise }, Alice, cancellationToken: ct);
        var policy = new EscalationPolicyBuilder("p", "P").AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(Alice)).Build();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCall.OnCallRoster([]), new EscalationDirectory());
        var after = await service.ExecuteAsync(Tenant, incident.Id, (i, now) => i.RecordEscalation(engine.Decide(i, now, Complexity.Standard)), ct);

        var messages = new NotificationComposer().Compose(after, after.Events.OfType<EscalationStepFired>().Single(), []);
        var redirected = new ExerciseRouting("drill", []).Redirect(messages[0]);

        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.Equal(exercise, m.IsExercise));
        Assert.Equal(exercise, redirected.IsExercise);
        Assert.Equal(exercise, NotificationMessageSerializer.Deserialize(NotificationMessageSerializer.Serialize(messages[0])).IsExercise);
    }

    private static (IncidentService Service, CountingIncidentStore Store, NodaTime.Testing.FakeClock Clock) Create()
    {
        var clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2026, 6, 15, 10, 0));
        var store = new CountingIncidentStore(new InMemoryIncidentStore(clock));
        return (new IncidentService(store, clock), store, clock);
    }

    private static NotificationMessage Message(IncidentId incident, bool? isExercise) =>
        new("email", Tenant, incident, "sla-breached", [Recipient.ForUser(Alice)], "[P3] SLA breached: response - Checkout fails",
            "The response target was missed.", null, Priority.P3, $"{incident.Value:N}/sla-breached/email/user:alice", Instant.FromUtc(2026, 6, 15, 10, 0))
        {
            IsExercise = isExercise,
        };

    // The real in-memory store, counting how often an incident's stream is read.
    private sealed class CountingIncidentStore(InMemoryIncidentStore inner) : IIncidentStore
    {
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public ValueTask<IncidentHistory> ReadAsync(TenantId tenant, IncidentId incident, long fromVersion = 0, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return inner.ReadAsync(tenant, incident, fromVersion, cancellationToken);
        }

        public ValueTask<IncidentPage> ListAsync(TenantId tenant, IncidentQuery query, CancellationToken cancellationToken = default) =>
            inner.ListAsync(tenant, query, cancellationToken);

        public ValueTask<AppendResult> AppendAsync(IncidentChange change, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(change, cancellationToken);
    }
}
