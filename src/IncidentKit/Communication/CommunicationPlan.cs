using System.Collections.Frozen;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Describes how an incident is communicated: which events notify, on which channels, how often stakeholders get a
/// status update and an executive summary.</summary>
/// <remarks>
/// <para>One plan applies per priority (<see cref="CommunicationPlans"/>), e.g. a P1 gets a stakeholder update every 30 minutes
/// and an hourly executive summary, a P3 only notifications on state changes. Assemble one with <see cref="CommunicationPlanBuilder"/>.</para>
/// <para>The plan's update cadence is the communication view of the SLA <c>Update</c> target: <see cref="StatusUpdateSchedule"/>
/// computes "when is the next update due" from the plan alone, so notifications do not depend on an SLA policy being configured.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class CommunicationPlan
{
    internal CommunicationPlan(string name, FrozenSet<string> notifyOn, IReadOnlyList<string> channels, Duration? statusUpdateEvery,
        Duration remindBefore, Duration? executiveSummaryEvery, IReadOnlyList<Recipient> executiveRecipients, bool notifyOwner)
    {
        Name = name;
        NotifyOn = notifyOn;
        Channels = channels;
        StatusUpdateEvery = statusUpdateEvery;
        RemindBefore = remindBefore;
        ExecutiveSummaryEvery = executiveSummaryEvery;
        ExecutiveRecipients = executiveRecipients;
        NotifyOwner = notifyOwner;
    }

    /// <summary>Gets the plan's name, e.g. <c>critical</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the event kinds that notify subscribers (see <see cref="NotificationEventKinds"/>).</summary>
    public IReadOnlySet<string> NotifyOn { get; }

    /// <summary>Gets the channels used for recipients who did not choose their own.</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Gets how often a status update is due while the incident is open, or <see langword="null"/> for none.</summary>
    public Duration? StatusUpdateEvery { get; }

    /// <summary>Gets how long before an update falls due the owner is reminded.</summary>
    public Duration RemindBefore { get; }

    /// <summary>Gets how often an executive summary goes out while the incident is open, or <see langword="null"/> for none.</summary>
    public Duration? ExecutiveSummaryEvery { get; }

    /// <summary>Gets who receives the executive summary.</summary>
    public IReadOnlyList<Recipient> ExecutiveRecipients { get; }

    /// <summary>Gets whether the incident's assignee (or, without one, its assignment group) is told of every notifying event.</summary>
    public bool NotifyOwner { get; }

    /// <summary>Gets how this plan's messages show times when their recipient has no locale of its own, if it says.</summary>
    /// <value>The default value is <see langword="null"/>: the composer's <see cref="NotificationComposer.DefaultLocale"/>, else UTC.</value>
    public MessageLocale? Locale { get; internal init; }

    /// <summary>Returns a builder that starts from this plan.</summary>
    /// <returns>The builder.</returns>
    public CommunicationPlanBuilder ToBuilder() => new CommunicationPlanBuilder(Name)
        .NotifyOn([.. NotifyOn])
        .UseChannels([.. Channels])
        .StatusUpdateEvery(StatusUpdateEvery, RemindBefore)
        .ExecutiveSummaryEvery(ExecutiveSummaryEvery, [.. ExecutiveRecipients])
        .NotifyOwnerOfEvents(NotifyOwner)
        .ShowTimesIn(Locale);

    /// <summary>Returns the plan's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
