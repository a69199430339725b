using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Communication;

/// <summary>Names what a notification is about: an incident event's storage discriminator, or one of the kinds that no single event causes.</summary>
/// <remarks>Event kinds are the discriminators registered on <see cref="IncidentEvent"/> (<c>opened</c>, <c>acknowledged</c>,
/// <c>sla-breached</c>, <c>status-update-posted</c>, …), so templates and plans use the same names as stored events.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class NotificationEventKinds
{
    /// <summary>The kind of a reminder to the incident owner that a stakeholder status update is due.</summary>
    public const string StatusUpdateDue = "status-update-due";

    /// <summary>The kind of a periodic executive summary.</summary>
    public const string ExecutiveSummary = "executive-summary";

    /// <summary>The kind of a message that bundles several messages for one recipient and channel.</summary>
    public const string Bundle = "bundle";

    private static readonly FrozenDictionary<Type, string> ByType = typeof(IncidentEvent)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToFrozenDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>Gets the kinds that mark a change of workflow state: opened, acknowledged, work started, on hold, resumed, resolved, reopened, closed, cancelled.</summary>
    public static IReadOnlySet<string> StateChanges { get; } = new[]
    {
        "opened", "acknowledged", "work-started", "put-on-hold", "resumed", "resolved", "reopened", "closed", "cancelled",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Gets every event kind registered on <see cref="IncidentEvent"/>.</summary>
    public static IReadOnlyCollection<string> Events { get; } = ByType.Values;

    /// <summary>Returns the kind of an event: its storage discriminator.</summary>
    /// <param name="incidentEvent">The event.</param>
    /// <returns>The kind, e.g. <c>acknowledged</c>.</returns>
    /// <exception cref="ArgumentException">The event's type has no discriminator registered on <see cref="IncidentEvent"/>.</exception>
    public static string Of(IncidentEvent incidentEvent)
    {
        Guard.Against.Null(incidentEvent);
        return ByType.TryGetValue(incidentEvent.GetType(), out var kind)
            ? kind
            : throw new ArgumentException($"{incidentEvent.GetType().Name} has no discriminator registered on {nameof(IncidentEvent)}.", nameof(incidentEvent));
    }

    /// <summary>Returns whether a kind is known: an event kind or one of the constants of this class.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns><see langword="true"/> when the kind is known.</returns>
    public static bool IsKnown(string kind) =>
        kind is StatusUpdateDue or ExecutiveSummary or Bundle || ByType.Values.Contains(kind, StringComparer.Ordinal);
}
