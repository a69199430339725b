using System.Text.Json.Serialization;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using IncidentKit.Configuration;

namespace IncidentKit.Hosting.Configuration;

/// <summary>Describes the defaults a category gives an incident logged into it; a default left out is inherited from the parent.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record CategoryConfiguration
{
    /// <summary>Gets the group that takes incidents of this category.</summary>
    [Description("The group that takes incidents of this category; inherited when left out.")]
    [Expected("a group name", NumberAsText = true)]
    [JsonPropertyName("AssignmentGroup")]
    public string? AssignmentGroup { get; init; }

    /// <summary>Gets the impact assumed when the reporter gives none (1 is the highest).</summary>
    [Description("The impact assumed when the reporter gives none, 1 (highest) to 99; inherited when left out.")]
    [Range(1, 99)]
    [JsonPropertyName("Impact")]
    public int? Impact { get; init; }

    /// <summary>Gets the urgency assumed when the reporter gives none (1 is the highest).</summary>
    [Description("The urgency assumed when the reporter gives none, 1 (highest) to 99; inherited when left out.")]
    [Range(1, 99)]
    [JsonPropertyName("Urgency")]
    public int? Urgency { get; init; }
}
