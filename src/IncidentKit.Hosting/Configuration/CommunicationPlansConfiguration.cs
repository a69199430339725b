using System.Text.Json.Serialization;
using System.ComponentModel;
using IncidentKit.Configuration;

namespace IncidentKit.Hosting.Configuration;

/// <summary>Describes the communication plans: one per priority that has its own, and a fallback for the rest.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
public sealed record CommunicationPlansConfiguration
{
    /// <summary>Gets the plan for priorities without one of their own.</summary>
    /// <value>The default value is <see langword="null"/>, which keeps the default fallback plan (<c>standard</c>: state changes only).</value>
    [Description("The plan for priorities without their own. Default: \"standard\" (state changes only, on email).")]
    [JsonPropertyName("Fallback")]
    public CommunicationPlanConfiguration? Fallback { get; init; }

    /// <summary>Gets the plans by priority, such as "P1".</summary>
    /// <value>The default value is <see langword="null"/>: with a <see cref="Fallback"/> given, no priority has its own plan; without,
    /// the default plans' priorities (P1 critical, P2 high) are kept and those given here replace or add to them.</value>
    [Description("Plans by priority, such as \"P1\". Without a Fallback they replace or add to the default plans (P1 critical, P2 high).")]
    [Expected("an object of priorities to plans", Entry = "priority")]
    [JsonPropertyName("Priorities")]
    public IReadOnlyDictionary<string, CommunicationPlanConfiguration>? Priorities { get; init; }
}
