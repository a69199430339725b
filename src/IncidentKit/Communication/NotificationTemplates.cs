using System.Collections.Frozen;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Holds the message templates per event kind and channel, with defaults for every kind that read well as they are.</summary>
/// <remarks>
/// <para>Lookup goes from the most to the least specific: the kind for this channel, the kind for any channel, the fallback
/// for this channel, then the fallback for any channel (<c>[P1] Title: Event</c>). Change templates with
/// <see cref="ToBuilder"/>; <see cref="Default"/> covers the state changes, SLA warnings and breaches, escalations, status
/// updates, update reminders and executive summaries.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class NotificationTemplates
{
    /// <summary>The channel name that stands for any channel.</summary>
    public const string AnyChannel = "*";

    /// <summary>The kind name that stands for any kind without a template of its own.</summary>
    public const string AnyKind = "*";

    private readonly FrozenDictionary<(string Kind, string Channel), NotificationTemplate> _templates;

    internal NotificationTemplates(IEnumerable<KeyValuePair<(string Kind, string Channel), NotificationTemplate>> templates) =>
        _templates = templates.ToFrozenDictionary();

    /// <summary>Gets the default templates.</summary>
    public static NotificationTemplates Default { get; } = new(DefaultTemplates());

    /// <summary>Gets the number of templates held.</summary>
    public int Count => _templates.Count;

    /// <summary>Returns the template used for a kind on a channel.</summary>
    /// <param name="eventKind">The kind, e.g. <c>sla-breached</c>.</param>
    /// <param name="channel">The channel's name.</param>
    /// <returns>The most specific template; never null, since a fallback for any kind and channel always exists.</returns>
    /// <exception cref="ArgumentException">A name is empty or white space.</exception>
    public NotificationTemplate Find(string eventKind, string channel)
    {
        Guard.Against.NullOrWhiteSpace(eventKind);
        Guard.Against.NullOrWhiteSpace(channel);
        return _templates.GetValueOrDefault((eventKind, channel))
            ?? _templates.GetValueOrDefault((eventKind, AnyChannel))
            ?? _templates.GetValueOrDefault((AnyKind, channel))
            ?? _templates[(AnyKind, AnyChannel)];
    }

    /// <summary>Renders the message for an incident event on a channel.</summary>
    /// <param name="incident">The incident, as it is after the event.</param>
    /// <param name="incidentEvent">The event.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="link">The link to the incident, if any.</param>
    /// <returns>The subject and body, with times in UTC (<see cref="MessageLocale.Utc"/>).</returns>
    /// <exception cref="ArgumentException">The channel name is empty, or the event's type is not registered.</exception>
    public RenderedNotification Render(Incident incident, IncidentEvent incidentEvent, string channel, Uri? link) =>
        RenderLocalized(incident, incidentEvent, channel, link, MessageLocale.Utc);

    /// <summary>Renders the message for an incident event on a channel, with times as a reader reads them.</summary>
    /// <param name="incident">The incident, as it is after the event.</param>
    /// <param name="incidentEvent">The event.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="link">The link to the incident, if any.</param>
    /// <param name="locale">How times are shown: zone (named in the text) and culture.</param>
    /// <returns>The subject and body.</returns>
    /// <exception cref="ArgumentException">The channel name is empty, or the event's type is not registered.</exception>
    public RenderedNotification RenderLocalized(Incident incident, IncidentEvent incidentEvent, string channel, Uri? link, MessageLocale locale)
    {
        Guard.Against.Null(locale);
        Guard.Against.Null(incident);
        Guard.Against.Null(incidentEvent);
        return Find(NotificationEventKinds.Of(incidentEvent), channel)
            .Render(TemplateFields.For(incident, incidentEvent, link, incidentEvent.At, null, locale));
    }

    /// <summary>Renders a message that no single event causes, such as an executive summary or an update reminder.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="eventKind">The kind, e.g. <see cref="NotificationEventKinds.ExecutiveSummary"/>.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="link">The link to the incident, if any.</param>
    /// <param name="at">The instant the message speaks of (now).</param>
    /// <param name="dueAt">The instant something falls due, shown as <c>{dueAt}</c>, if any.</param>
    /// <returns>The subject and body, with times in UTC (<see cref="MessageLocale.Utc"/>).</returns>
    /// <exception cref="ArgumentException">A name is empty or white space.</exception>
    public RenderedNotification Render(Incident incident, string eventKind, string channel, Uri? link, Instant at, Instant? dueAt = null) =>
        RenderLocalized(incident, eventKind, channel, link, at, dueAt, MessageLocale.Utc);

    /// <summary>Renders a message that no single event causes, with times as a reader reads them.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="eventKind">The kind, e.g. <see cref="NotificationEventKinds.ExecutiveSummary"/>.</param>
    /// <param name="channel">The channel's name.</param>
    /// <param name="link">The link to the incident, if any.</param>
    /// <param name="at">The instant the message speaks of (now).</param>
    /// <param name="dueAt">The instant something falls due, shown as <c>{dueAt}</c>, if any.</param>
    /// <param name="locale">How times are shown: zone (named in the text) and culture.</param>
    /// <returns>The subject and body.</returns>
    /// <exception cref="ArgumentException">A name is empty or white space.</exception>
    public RenderedNotification RenderLocalized(Incident incident, string eventKind, string channel, Uri? link, Instant at, Instant? dueAt, MessageLocale locale)
    {
        Guard.Against.Null(locale);
        Guard.Against.Null(incident);
        return Find(eventKind, channel).Render(TemplateFields.For(incident, null, link, at, dueAt, locale));
    }

    /// <summary>Returns a builder that starts from these templates.</summary>
    /// <returns>The builder.</returns>
    public NotificationTemplatesBuilder ToBuilder() => new(_templates);

    private static Dictionary<(string, string), NotificationTemplate> DefaultTemplates()
    {
        const string Footer = "\n\nState: {state} · Priority: {priority} · Service: {service}\n{link}";
        var t = new Dictionary<(string, string), NotificationTemplate>
        {
            [(AnyKind, AnyChannel)] = new("[{priority}] {title}: {event}", "{event} by {actor} at {at}.\n{text}" + Footer),
            [("opened", AnyChannel)] = new("[{priority}] New incident: {title}",
                "{actor} opened a {priority} incident at {at}.\n{description}" + Footer),
            [("acknowledged", AnyChannel)] = new("[{priority}] Acknowledged: {title}", "{actor} acknowledged the incident at {at}." + Footer),
            [("assigned", AnyChannel)] = new("[{priority}] Assigned to {assignee}: {title}",
                "{actor} assigned the incident to {assignee} (group {group}) at {at}." + Footer),
            [("work-started", AnyChannel)] = new("[{priority}] Work started: {title}", "{actor} started work at {at}." + Footer),
            [("put-on-hold", AnyChannel)] = new("[{priority}] On hold: {title}", "{actor} put the incident on hold at {at}: {text}" + Footer),
            [("resumed", AnyChannel)] = new("[{priority}] Work resumed: {title}", "{actor} resumed work at {at}." + Footer),
            [("priority-changed", AnyChannel)] = new("[{priority}] Priority now {priority}: {title}",
                "{actor} changed the priority to {priority} at {at}.\n{text}" + Footer),
            [("escalated", AnyChannel)] = new("[{priority}] Escalated: {title}", "{actor} escalated the incident at {at}: {text}" + Footer),
            [("escalation-step-fired", AnyChannel)] = new("[{priority}] PAGE level {level}: {title}",
                "You are paged ({kind} escalation, level {level}, round {round}, {trigger}) for a {priority} incident opened at {openedAt}. Acknowledge to stop the paging." + Footer),
            [("resolved", AnyChannel)] = new("[{priority}] Resolved: {title}",
                "{actor} resolved the incident at {at}, {age} after it was opened.\n{text}" + Footer),
            [("alert-group-flapping", AnyChannel)] = new("[{priority}] Flapping: {title}", "{text}" + Footer),
            [("reopened", AnyChannel)] = new("[{priority}] Reopened: {title}", "{actor} reopened the incident at {at}: {text}" + Footer),
            [("closed", AnyChannel)] = new("[{priority}] Closed: {title}", "The incident was closed at {at}." + Footer),
            [("cancelled", AnyChannel)] = new("[{priority}] Cancelled: {title}", "{actor} cancelled the incident at {at}: {text}" + Footer),
            [("sla-warning-reached", AnyChannel)] = new("[{priority}] SLA warning: {target} due {dueAt} - {title}",
                "The {target} target of this {priority} incident falls due at {dueAt}." + Footer),
            [("sla-breached", AnyChannel)] = new("[{priority}] SLA breached: {target} - {title}",
                "The {target} target of this {priority} incident was missed at {dueAt}." + Footer),
            [("sla-met", AnyChannel)] = new("[{priority}] SLA met: {target} - {title}", "The {target} target was met at {at}." + Footer),
            [("status-update-posted", AnyChannel)] = new("[{priority}] Status update: {title}",
                "{text}\n\nPosted by {actor} at {at}." + Footer),
            [("status-update-due", AnyChannel)] = new("Status update due {dueAt}: {title}",
                "A status update for this {priority} incident is due at {dueAt}. Post what is known, what is being done, and when the next update will come." + Footer),
            [("post-incident-review-drafted", AnyChannel)] = new("Post-incident review due {dueAt}: {title}",
                "A draft post-incident review of this {priority} incident is ready and you own it; it is due {dueAt}. Add the contributing factors, what went well and what did not, and the action items." + Footer),
            [(NotificationEventKinds.ExecutiveSummary, AnyChannel)] = new("[{priority}] Executive summary: {title}",
                "{title}\nOpen for {age} (since {openedAt}).\nOwner: {assignee} · Group: {group}" + Footer),
        };
        return t;
    }
}
