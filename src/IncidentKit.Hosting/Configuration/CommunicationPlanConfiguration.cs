using System.Text.Json.Serialization;
using System.ComponentModel;
using IncidentKit.Configuration;

namespace IncidentKit.Hosting.Configuration;

/// <summary>Describes one communication plan: the events that notify, the channels, and the update and summary cadence.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record CommunicationPlanConfiguration
{
    /// <summary>Gets the plan's name, shown on messages; left out, the priority (or "fallback") names it.</summary>
    [Description("The plan's name; the priority (or \"fallback\") when left out.")]
    [Expected("a plan name", NumberAsText = true)]
    [JsonPropertyName("Name")]
    public string? Name { get; init; }

    /// <summary>Gets the event kinds that notify subscribers, such as "sla-breached".</summary>
    [Description("Event kinds that notify subscribers, such as \"sla-breached\" or \"escalated\".")]
    [Expected("an array of event kinds", "an event kind such as \"sla-breached\"")]
    [JsonPropertyName("NotifyOn")]
    public IReadOnlyList<string>? NotifyOn { get; init; }

    /// <summary>Gets whether every state change notifies, besides <see cref="NotifyOn"/>.</summary>
    [Description("Whether every state change notifies, besides NotifyOn. Default: false.")]
    [JsonPropertyName("NotifyOnStateChanges")]
    public bool? NotifyOnStateChanges { get; init; }

    /// <summary>Gets the channels for recipients who did not choose their own.</summary>
    [Description("Channels for recipients who did not choose their own. Default: [\"email\"].")]
    [Expected("an array of channel names", "a channel name")]
    [JsonPropertyName("Channels")]
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Gets the status update cadence, as a time span.</summary>
    [Description("The status update cadence, as a time span such as \"00:30:00\". Default: no scheduled updates.")]
    [Expected("a time span such as \"00:30:00\"", NumberAsText = true)]
    [JsonPropertyName("StatusUpdateEvery")]
    public string? StatusUpdateEvery { get; init; }

    /// <summary>Gets how long before each update the owner is reminded, as a time span.</summary>
    [Description("How long before each status update the owner is reminded, as a time span. Default: 00:05:00.")]
    [Expected("a time span such as \"00:05:00\"", NumberAsText = true)]
    [JsonPropertyName("RemindBefore")]
    public string? RemindBefore { get; init; }

    /// <summary>Gets the executive summary cadence, as a time span.</summary>
    [Description("The executive summary cadence, as a time span such as \"01:00:00\". Default: no summary.")]
    [Expected("a time span such as \"01:00:00\"", NumberAsText = true)]
    [JsonPropertyName("ExecutiveSummaryEvery")]
    public string? ExecutiveSummaryEvery { get; init; }

    /// <summary>Gets who receives the executive summary, such as "group:executives".</summary>
    [Description("Who receives the executive summary, such as \"group:executives\" or \"user:alice\"; required with a cadence.")]
    [Expected("an array of recipients", "a recipient such as \"group:executives\"")]
    [JsonPropertyName("ExecutiveRecipients")]
    public IReadOnlyList<string>? ExecutiveRecipients { get; init; }

    /// <summary>Gets whether the incident's owner is told of every notifying event.</summary>
    [Description("Whether the incident's assignee (or group) is told of every notifying event. Default: true.")]
    [JsonPropertyName("NotifyOwner")]
    public bool? NotifyOwner { get; init; }
}
