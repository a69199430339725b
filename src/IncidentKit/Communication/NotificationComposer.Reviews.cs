using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Communication;

// A draft post-incident review tells its owner, on the plan's channels, whatever the plan subscribes to: the review is theirs.
public sealed partial class NotificationComposer
{
    private List<NotificationMessage> ComposeForUser(Incident incident, IncidentEvent incidentEvent, UserId user)
    {
        var plan = Plans.ForPriority(incident.Priority);
        var recipient = Recipient.ForUser(user);
        var link = LinkTo(incident);
        var kind = NotificationEventKinds.Of(incidentEvent);
        return [.. plan.Channels.Select(channel => Message(incident, kind, channel, recipient,
            Templates.RenderLocalized(incident, incidentEvent, channel, link, LocaleFor(recipient, plan)), link,
            $"{incidentEvent.EventId:N}/{channel}/{recipient}", incidentEvent.At))];
    }
}
