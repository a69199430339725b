using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Decides who should be told about an incident event and composes their messages from the plan and the templates.</summary>
/// <remarks>
/// <para>Who is told (<see cref="WhoToTell"/>): a fired escalation step (<see cref="EscalationStepFired"/>) pages its recipients on the
/// plan's channels, whatever the plan subscribes to. Otherwise nobody unless the event's kind is in the plan's <see cref="CommunicationPlan.NotifyOn"/>;
/// then every subscription of the tenant that follows the incident (by id, service or category) and may read it, plus the
/// incident's owner when the plan says so, plus, for an SLA breach, the plan's hierarchy (its <see cref="CommunicationPlan.ExecutiveRecipients"/>).
/// This is how SLA warnings and breaches reach people once the incident is acknowledged: escalation no longer pages for them
/// (<see cref="Escalation.EscalationOptions.SlaPagesAfterAcknowledgement"/>). External subscribers read state changes and external status updates only; internal
/// status updates and other events are internal. The person who caused the event is not told about it. Each party is
/// reached on its own channels, or else the plan's.</para>
/// <para>Messages carry one recipient each and an idempotency key derived from the event, channel and recipient, so composing
/// the same event again (a worker retrying after a crash) yields the same keys and the dispatcher sends each once.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed partial class NotificationComposer
{
    /// <summary>Initializes a composer.</summary>
    /// <param name="plans">The communication plans by priority; <see langword="null"/> takes <see cref="CommunicationPlans.Default"/>.</param>
    /// <param name="templates">The templates; <see langword="null"/> takes <see cref="NotificationTemplates.Default"/>.</param>
    /// <param name="incidentLinkBase">The address incident ids are appended to for <c>{link}</c> (e.g. <c>https://ops.example.com/incidents/</c>), if any.</param>
    /// <exception cref="ArgumentException"><paramref name="incidentLinkBase"/> is not absolute.</exception>
    public NotificationComposer(CommunicationPlans? plans = null, NotificationTemplates? templates = null, Uri? incidentLinkBase = null)
    {
        if (incidentLinkBase is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("Expected an absolute address such as https://ops.example.com/incidents/.", nameof(incidentLinkBase));
        }

        Plans = plans ?? CommunicationPlans.Default;
        Templates = templates ?? NotificationTemplates.Default;

        // Without a trailing slash, Uri would replace the last segment ("…/incidents" + id gives "…/<id>").
        IncidentLinkBase = incidentLinkBase is null || incidentLinkBase.AbsolutePath.EndsWith('/')
            ? incidentLinkBase
            : new Uri(incidentLinkBase.AbsoluteUri + "/");
    }

    /// <summary>Gets the communication plans.</summary>
    public CommunicationPlans Plans { get; }

    /// <summary>Gets the templates.</summary>
    public NotificationTemplates Templates { get; }

    /// <summary>Gets or initializes the locale (zone and culture) of each recipient who has one, e.g. from a user directory.</summary>
    /// <value>The default value is <see langword="null"/>: no recipient has one, so the plan's or the default locale is used.</value>
    /// <remarks>Times in a message are shown with the recipient's locale, else the plan's (<see cref="CommunicationPlan.Locale"/>),
    /// else <see cref="DefaultLocale"/>, else <see cref="MessageLocale.Utc"/>; the zone is always named.</remarks>
    public Func<Recipient, MessageLocale?>? RecipientLocale { get; init; }

    /// <summary>Gets or initializes the locale of messages whose recipient and plan have none, such as the business calendar's zone.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="MessageLocale.Utc"/>.</value>
    public MessageLocale? DefaultLocale { get; init; }

    /// <summary>Returns the locale a recipient's messages show times in.</summary>
    /// <param name="recipient">The recipient.</param>
    /// <param name="plan">The plan the message follows.</param>
    /// <returns>The recipient's locale, else the plan's, else <see cref="DefaultLocale"/>, else <see cref="MessageLocale.Utc"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public MessageLocale LocaleFor(Recipient recipient, CommunicationPlan plan)
    {
        Guard.Against.Null(plan);
        return RecipientLocale?.Invoke(recipient) ?? plan.Locale ?? DefaultLocale ?? MessageLocale.Utc;
    }

    /// <summary>Gets the address incident ids are appended to, if any; it always ends with <c>/</c>.</summary>
    public Uri? IncidentLinkBase { get; }

    /// <summary>Returns the link to an incident, or <see langword="null"/> without a <see cref="IncidentLinkBase"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The link.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public Uri? LinkTo(Incident incident)
    {
        Guard.Against.Null(incident);
        return IncidentLinkBase is null ? null : new Uri(IncidentLinkBase, incident.Id.Value.ToString());
    }

    /// <summary>Returns who should be told about an event, on which channels.</summary>
    /// <param name="incident">The incident, as it is after the event.</param>
    /// <param name="incidentEvent">The event.</param>
    /// <param name="subscriptions">The subscriptions to consider; those of other tenants and incidents are skipped.</param>
    /// <returns>The parties and channels, without repeats, in subscription order (the owner first).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IReadOnlyList<NotificationAddressee> WhoToTell(Incident incident, IncidentEvent incidentEvent, IEnumerable<Subscription> subscriptions)
    {
        Guard.Against.Null(incident);
        Guard.Against.Null(incidentEvent);
        Guard.Against.Null(subscriptions);
        var plan = Plans.ForPriority(incident.Priority);
        var kind = NotificationEventKinds.Of(incidentEvent);

        // A fired escalation step is a page: its recipients are told whatever the plan subscribes to, on the plan's channels.
        if (incidentEvent is EscalationStepFired step)
        {
            return [.. step.Recipients.Distinct().SelectMany(user => plan.Channels.Select(channel =>
                new NotificationAddressee(Recipient.ForUser(user), channel, Audience.Internal)))];
        }

        if (!plan.NotifyOn.Contains(kind) || incidentEvent is NotificationDelivered or NotificationFailed)
        {
            return [];
        }

        var audience = incidentEvent is StatusUpdatePosted s ? s.Audience
            : NotificationEventKinds.StateChanges.Contains(kind) ? Audience.External
            : Audience.Internal;
        var actor = Recipient.ForUser(incidentEvent.Actor);
        var result = new List<NotificationAddressee>();
        var seen = new HashSet<(Recipient, string)>();

        void Add(Recipient recipient, IReadOnlyList<string> channels, Audience subscriberAudience)
        {
            if (recipient == actor)
            {
                return;
            }

            foreach (var channel in channels.Count > 0 ? channels : plan.Channels)
            {
                if (seen.Add((recipient, channel)))
                {
                    result.Add(new NotificationAddressee(recipient, channel, subscriberAudience));
                }
            }
        }

        if (plan.NotifyOwner && Owner(incident) is { } owner)
        {
            Add(owner, plan.Channels, Audience.Internal);
        }

        // A breach is management's business whoever works on the incident: the plan's hierarchy (its executive recipients) is
        // told, through the plan, rather than paged through the escalation policy again.
        if (incidentEvent is SlaBreached)
        {
            foreach (var manager in plan.ExecutiveRecipients)
            {
                Add(manager, plan.Channels, Audience.Internal);
            }
        }

        foreach (var sub in subscriptions)
        {
            if (sub.Tenant == incident.Tenant && sub.Target.Matches(incident) &&
                (sub.Audience == Audience.Internal || audience == Audience.External))
            {
                Add(sub.Subscriber, sub.Channels, sub.Audience);
            }
        }

        return result;
    }

    /// <summary>Composes the messages an event calls for: one per party and channel.</summary>
    /// <param name="incident">The incident, as it is after the event.</param>
    /// <param name="incidentEvent">The event.</param>
    /// <param name="subscriptions">The subscriptions to consider.</param>
    /// <returns>The messages, ready for the outbox; empty when nobody is to be told.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IReadOnlyList<NotificationMessage> Compose(Incident incident, IncidentEvent incidentEvent, IEnumerable<Subscription> subscriptions)
    {
        // The worker records scheduled communication as events so that it happens once; each composes into its own message,
        // with the slot-keyed idempotency key of the scheduled composers, whatever the plan notifies subscribers on.
        switch (incidentEvent)
        {
            case StatusUpdateDue reminder:
                return ComposeStatusUpdateReminder(incident, reminder.DueAt, reminder.At);
            case ExecutiveSummaryDue summary:
                return ComposeExecutiveSummary(incident, summary.DueAt, summary.At);
            case ResponseRoleAssigned { PagedFromSchedule: not null } or MajorIncidentStepCompleted { Step: MajorIncidents.MajorIncidentStep.NotifyExecutives }:
                return ComposeMajorIncident(incident, incidentEvent);
            case PostIncidentReviewDrafted { Owner: { } reviewOwner }:
                return ComposeForUser(incident, incidentEvent, reviewOwner);
        }

        var addressees = WhoToTell(incident, incidentEvent, subscriptions);
        var kind = NotificationEventKinds.Of(incidentEvent);
        var link = LinkTo(incident);
        var plan = Plans.ForPriority(incident.Priority);
        var rendered = new Dictionary<(string Channel, MessageLocale Locale), RenderedNotification>();
        var messages = new List<NotificationMessage>(addressees.Count);
        foreach (var a in addressees)
        {
            // Rendered once per channel and locale: recipients who read times alike share the text.
            var locale = LocaleFor(a.Recipient, plan);
            if (!rendered.TryGetValue((a.Channel, locale), out var text))
            {
                rendered[(a.Channel, locale)] = text = Templates.RenderLocalized(incident, incidentEvent, a.Channel, link, locale);
            }

            messages.Add(Message(incident, kind, a.Channel, a.Recipient, text, link,
                $"{incidentEvent.EventId:N}/{a.Channel}/{a.Recipient}", incidentEvent.At));
        }

        return messages;
    }

    /// <summary>Composes the reminder to the incident's owner that a status update is due.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="dueAt">When the update is due, from <see cref="StatusUpdateSchedule.NextStatusUpdateDue"/>.</param>
    /// <param name="at">Now.</param>
    /// <returns>One message per plan channel for the assignee (or, without one, the assignment group); empty when the incident has neither.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public IReadOnlyList<NotificationMessage> ComposeStatusUpdateReminder(Incident incident, Instant dueAt, Instant at)
    {
        Guard.Against.Null(incident);
        return Owner(incident) is { } owner
            ? ComposeScheduled(incident, NotificationEventKinds.StatusUpdateDue, [owner], dueAt, at)
            : [];
    }

    /// <summary>Composes the executive summary due at <paramref name="dueAt"/>.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="dueAt">The summary's slot, from <see cref="StatusUpdateSchedule.NextExecutiveSummaryDue"/>; it makes the idempotency key.</param>
    /// <param name="at">Now.</param>
    /// <returns>One message per executive recipient and plan channel; empty when the plan has no executive summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public IReadOnlyList<NotificationMessage> ComposeExecutiveSummary(Incident incident, Instant dueAt, Instant at)
    {
        Guard.Against.Null(incident);
        var plan = Plans.ForPriority(incident.Priority);
        return plan.ExecutiveSummaryEvery is null
            ? []
            : ComposeScheduled(incident, NotificationEventKinds.ExecutiveSummary, plan.ExecutiveRecipients, dueAt, at);
    }

    private static Recipient? Owner(Incident incident) =>
        incident.Assignee is { } assignee ? Recipient.ForUser(assignee)
        : incident.AssignmentGroup is { } group ? Recipient.ForGroup(group)
        : null;

    private List<NotificationMessage> ComposeScheduled(Incident incident, string kind, IReadOnlyList<Recipient> recipients, Instant dueAt, Instant at)
    {
        var plan = Plans.ForPriority(incident.Priority);
        var link = LinkTo(incident);
        var slot = dueAt.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture);
        var messages = new List<NotificationMessage>();
        foreach (var channel in plan.Channels)
        {
            foreach (var recipient in recipients)
            {
                var text = Templates.RenderLocalized(incident, kind, channel, link, at, dueAt, LocaleFor(recipient, plan));
                messages.Add(Message(incident, kind, channel, recipient, text, link, $"{incident.Tenant.Value}/{incident.Id.Value:N}/{kind}/{slot}/{channel}/{recipient}", at));
            }
        }

        return messages;
    }

    private static NotificationMessage Message(Incident incident, string kind, string channel, Recipient recipient, RenderedNotification text,
        Uri? link, string key, Instant at)
    {
        var subject = text.Subject.Length <= NotificationMessage.MaxSubjectLength ? text.Subject : text.Subject[..NotificationMessage.MaxSubjectLength];
        return new NotificationMessage(channel, incident.Tenant, incident.Id, kind, [recipient], subject, text.Body, link, incident.Priority,
            BoundedKey(key), at)
        {
            IsExercise = incident.IsExercise,
        };
    }

    // Keys stay readable (event/channel/recipient) while they fit; a long one keeps its start and ends in a hash of the
    // whole, so it stays unique and deterministic.
    internal static string BoundedKey(string key)
    {
        if (key.Length <= NotificationMessage.MaxKeyLength)
        {
            return key;
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        return string.Concat(key.AsSpan(0, NotificationMessage.MaxKeyLength - 65), "~", hash);
    }
}
