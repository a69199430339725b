using System.Text.Json.Serialization;
using System.ComponentModel;
using IncidentKit.Configuration;

namespace IncidentKit.Hosting.Configuration;

/// <summary>Describes the incident workflow rules of the <c>IncidentKit:Workflow</c> section.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record WorkflowConfiguration
{
    /// <summary>Gets whether work may start on an incident nobody acknowledged.</summary>
    [Description("Whether work may start on an incident nobody acknowledged. Default: true.")]
    [JsonPropertyName("AllowSkipAcknowledge")]
    public bool? AllowSkipAcknowledge { get; init; }

    /// <summary>Gets whether starting work needs an assignee.</summary>
    [Description("Whether starting work needs an assignee. Default: false.")]
    [JsonPropertyName("RequireAssigneeToStartWork")]
    public bool? RequireAssigneeToStartWork { get; init; }

    /// <summary>Gets how long after resolving an incident may be reopened, as a time span.</summary>
    [Description("How long after resolving an incident may be reopened, as a time span such as \"7.00:00:00\".")]
    [Expected("a time span such as \"7.00:00:00\"", NumberAsText = true)]
    [JsonPropertyName("ReopenWindow")]
    public string? ReopenWindow { get; init; }

    /// <summary>Gets whether a resolution must be verified before the incident closes.</summary>
    [Description("Whether a resolution must be verified before the incident closes. Default: false.")]
    [JsonPropertyName("RequireResolutionVerification")]
    public bool? RequireResolutionVerification { get; init; }
}
