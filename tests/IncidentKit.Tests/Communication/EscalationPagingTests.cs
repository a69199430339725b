using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Tests.Communication;

// A fired escalation step is a page: the composer addresses its recipients, even though no plan lists the event kind.
public class EscalationPagingTests
{
    private static readonly Instant OpenedAt = Instant.FromUtc(2026, 6, 15, 14, 0);

    [Fact]
    public void Compose_EscalationStepFired_PagesEachRecipientOnThePlanChannels()
    {
        var alice = new UserId("alice");
        var bob = new UserId("bob");
        var policy = new EscalationPolicyBuilder("standard", "Standard")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.User(alice), EscalationTarget.User(bob))
            .Build();
        var engine = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCallRoster([]), new EscalationDirectory());
        var incident = Incident.Open(IncidentId.New(), new TenantId("acme"),
            new NewIncident { Title = "Checkout fails", Impact = Impact.High, Urgency = Urgency.High }, OpenedAt, new UserId("monitor"));
        incident.RecordEscalation(engine.Decide(incident, OpenedAt, Complexity.Standard));
        var step = Assert.IsType<EscalationStepFired>(incident.Events[^1]);
        var composer = new NotificationComposer();

        var messages = composer.Compose(incident, step, []);

        var channels = CommunicationPlans.Default.ForPriority(Priority.P1).Channels;
        Assert.Equal(2 * channels.Count, messages.Count);
        Assert.Equal([Recipient.ForUser(alice), Recipient.ForUser(bob)], messages.SelectMany(m => m.Recipients).Distinct());
        Assert.All(messages, m => Assert.StartsWith("[P1] PAGE level 1: Checkout fails", m.Subject, StringComparison.Ordinal));
        Assert.Equal(messages.Count, messages.Select(m => m.IdempotencyKey).Distinct().Count());
    }
}
