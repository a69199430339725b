using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Communication;

// The major-incident checklist's messages: the commander paged from the commanders' schedule is paged like an escalation step
// (on the plan's channels, whatever the plan subscribes to), and the NotifyExecutives step tells the plan's executive recipients.
public sealed partial class NotificationComposer
{
    private List<NotificationMessage> ComposeMajorIncident(Incident incident, IncidentEvent incidentEvent)
    {
        var plan = Plans.ForPriority(incident.Priority);
        IReadOnlyList<Recipient> recipients = incidentEvent is ResponseRoleAssigned paged ? [Recipient.ForUser(paged.User)] : plan.ExecutiveRecipients;
        var kind = NotificationEventKinds.Of(incidentEvent);
        var link = LinkTo(incident);
        var messages = new List<NotificationMessage>();
        foreach (var recipient in recipients.Distinct())
        {
            foreach (var channel in plan.Channels)
            {
                var text = Templates.RenderLocalized(incident, incidentEvent, channel, link, LocaleFor(recipient, plan));
                messages.Add(Message(incident, kind, channel, recipient, text, link, $"{incidentEvent.EventId:N}/{channel}/{recipient}", incidentEvent.At));
            }
        }

        return messages;
    }
}
