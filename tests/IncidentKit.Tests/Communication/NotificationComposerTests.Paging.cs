using IncidentKit.Communication;
using IncidentKit.Incidents.Events;
using IncidentKit.Sla;
using NodaTime;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public partial class NotificationComposerTests
{
    // Once acknowledged, a breach no longer pages through the escalation policy; the plan tells the owner and the hierarchy.
    [Fact]
    public void WhoToTell_SlaBreachAfterAcknowledgement_TellsTheOwnerAndThePlansHierarchy()
    {
        var incident = OpenP1();
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(2), Bob);
        var breach = new SlaBreached(Guid.NewGuid(), OpenedAt + Duration.FromMinutes(60), UserId.System, SlaTargetKind.Update, 1, OpenedAt + Duration.FromMinutes(60));
        incident.RecordExternal(breach);

        var told = _composer.WhoToTell(incident, breach, []);

        Assert.Equal(
        [
            new NotificationAddressee(Recipient.ForGroup("payments-oncall"), "email", Audience.Internal),
            new NotificationAddressee(Recipient.ForGroup("executives"), "email", Audience.Internal),
        ], told);
        Assert.DoesNotContain(_composer.WhoToTell(incident, new SlaWarningReached(Guid.NewGuid(), breach.At, UserId.System, SlaTargetKind.Update, 1, 75, breach.At), []),
            a => a.Recipient == Recipient.ForGroup("executives"));
    }
}
