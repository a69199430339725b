using System.Text.Json.Serialization;
using System.ComponentModel;
using IncidentKit.Configuration;

namespace IncidentKit.Hosting.Configuration;

/// <summary>Describes a priority matrix: a row per impact level, a column per urgency level, and optional labels.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record PriorityMatrixConfiguration
{
    /// <summary>Gets the rows: row i holds impact i+1, column u urgency u+1, such as [["P1","P2"],["P2","P3"]].</summary>
    [Description("A row per impact level (1 first) of priorities per urgency level (1 first), such as [[\"P1\",\"P2\"],[\"P2\",\"P3\"]]; 1 to 99 each, every row as long as the first.")]
    [Expected("a list of rows (one per impact level) of priorities such as [[\"P1\",\"P2\"],[\"P2\",\"P3\"]]", "a list of priorities", "a priority such as \"P1\"")]
    [JsonPropertyName("Rows")]
    public IReadOnlyList<IReadOnlyList<string>>? Rows { get; init; }

    /// <summary>Gets labels by priority, such as { "P1": "Critical" }.</summary>
    [Description("Labels by priority, such as { \"P1\": \"Critical\" }.")]
    [Expected("an object of priorities to labels", "a label", NumberAsText = true, Entry = "label")]
    [JsonPropertyName("Labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
