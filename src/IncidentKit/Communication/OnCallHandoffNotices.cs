using System.Security.Cryptography;
using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Communication;

/// <summary>Composes the handoff notices of an on-call change: one message per person involved and channel, so that whoever
/// takes over and whoever is relieved both hear of it.</summary>
/// <remarks>Messages go out on the channels of the composer's fallback plan, with the event kind <see cref="EventKind"/> and
/// idempotency keys derived from the adjustment, the change (added or removed) and the person, so that a repeated request or
/// a second node sends each notice once.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class OnCallHandoffNotices
{
    /// <summary>The event kind of handoff notices.</summary>
    public const string EventKind = "oncall-handoff";

    /// <summary>Returns the notices of an adjustment added or removed.</summary>
    /// <param name="composer">The composer whose fallback plan names the channels.</param>
    /// <param name="tenant">The tenant the notices are sent for.</param>
    /// <param name="adjustment">The adjustment.</param>
    /// <param name="removed"><see langword="true"/> when the adjustment was withdrawn, <see langword="false"/> when added.</param>
    /// <param name="relieved">Who the schedule put on call at the adjustment's start without it (they hand over, or take back).</param>
    /// <param name="at">When the change was made.</param>
    /// <returns>The messages; empty when the plan names no channel.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<NotificationMessage> Compose(NotificationComposer composer, TenantId tenant, OnCallAdjustment adjustment, bool removed,
        IReadOnlyList<UserId> relieved, Instant at)
    {
        Guard.Against.Null(composer);
        Guard.Against.Null(adjustment);
        Guard.Against.Null(relieved);
        var people = adjustment.PeopleNamed.Concat(relieved).Where(u => u.Value is not null).Distinct().ToList();
        var from = InstantPattern.General.Format(adjustment.Interval.Start);
        var to = InstantPattern.General.Format(adjustment.Interval.End);
        var what = adjustment.Kind == OnCallAdjustmentKind.Override
            ? $"{adjustment.Override!.Value.OnCall} is on call{(adjustment.Override.Value.Replacing is { } r ? $" instead of {r}" : relieved.Count > 0 ? $" instead of {string.Join(", ", relieved)}" : string.Empty)}"
            : $"a temporary schedule replaces the rotation ({string.Join("; ", adjustment.Shifts.Select(s => $"{string.Join(", ", s.Users)} from {InstantPattern.General.Format(s.Interval.Start)} to {InstantPattern.General.Format(s.Interval.End)}"))})";
        var subject = removed
            ? $"On-call change withdrawn for {adjustment.Schedule}: {from} to {to}"
            : $"On-call change for {adjustment.Schedule}: {from} to {to}";
        var body = new StringBuilder()
            .Append(removed ? "Withdrawn: " : string.Empty).Append("On schedule ").Append(adjustment.Schedule).Append(", from ").Append(from).Append(" to ").Append(to)
            .Append(", ").Append(what).Append(".\n")
            .Append(removed ? "The rotation applies again for that time." : "Please hand over what is open before the change starts.").Append('\n')
            .Append("Changed by ").Append(adjustment.AddedBy).Append(adjustment.Note is { } note ? $": {note}" : ".").ToString();
        var messages = new List<NotificationMessage>();
        foreach (var channel in composer.Plans.Fallback.Channels)
        {
            foreach (var person in people)
            {
                messages.Add(new NotificationMessage(channel, tenant, null, EventKind, [Recipient.ForUser(person)],
                    Cut(subject, NotificationMessage.MaxSubjectLength), body, null, Priority.P3, Key(adjustment, removed, person), at));
            }
        }

        return messages;
    }

    // Keys stay within the 200 characters a message allows, however long a user id is.
    private static string Key(OnCallAdjustment adjustment, bool removed, UserId person)
    {
        var who = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(person.Value)))[..32];
        return $"oncall:{adjustment.Id:N}:{(removed ? "removed" : "added")}:{who}";
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}
