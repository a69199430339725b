using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentKit.Simulation.Json;

// The shape of a scenario file. Everything is optional here so that the validation pass (ScenarioJson) can list every missing
// or wrong value with its path instead of stopping at the first; the configuration parts are kept as raw JSON and handed to the
// core's own readers (OnCallRoster.FromJson, EscalationMatrix.FromJson, ...), so a scenario accepts exactly what a host accepts.
internal sealed record ScenarioDocument
{
    public string? Name { get; init; }

    public ulong? Seed { get; init; }

    public string? Tenant { get; init; }

    public string? Until { get; init; }

    public string? TimeZone { get; init; }

    public NightDocument? Night { get; init; }

    public ConfigurationDocument? Configuration { get; init; }

    public RespondersDocument? Responders { get; init; }

    public List<InjectDocument?>? Injects { get; init; }

    public List<LoadDocument?>? Load { get; init; }

    public DelayDocument? ResolveAfter { get; init; }

    public bool? Exercise { get; init; }

    public string? DrillChannel { get; init; }

    public bool? Timelines { get; init; }
}

internal sealed record NightDocument
{
    public string? Start { get; init; }

    public string? End { get; init; }
}

internal sealed record ConfigurationDocument
{
    public string? Name { get; init; }

    public JsonElement? Schedules { get; init; }

    public JsonElement? Escalation { get; init; }

    public JsonElement? Directory { get; init; }

    public JsonElement? SlaPolicies { get; init; }

    public Dictionary<string, JsonElement>? Calendars { get; init; }

    public List<RouteDocument?>? Routes { get; init; }
}

internal sealed record RouteDocument
{
    public string? Name { get; init; }

    public List<string>? Matchers { get; init; }

    public bool? Drop { get; init; }

    public string? Service { get; init; }

    public string? Category { get; init; }

    public string? Impact { get; init; }

    public string? Urgency { get; init; }

    public List<string>? GroupBy { get; init; }
}

internal sealed record DelayDocument
{
    public string? Fixed { get; init; }

    public UniformDocument? Uniform { get; init; }

    public LogNormalDocument? LogNormal { get; init; }
}

internal sealed record UniformDocument
{
    public string? Min { get; init; }

    public string? Max { get; init; }
}

internal sealed record LogNormalDocument
{
    public string? Median { get; init; }

    public double? Sigma { get; init; }
}

internal sealed record RespondersDocument
{
    public ResponderDocument? Default { get; init; }

    public Dictionary<string, ResponderDocument?>? People { get; init; }
}

internal sealed record ResponderDocument
{
    public DelayDocument? Acknowledge { get; init; }

    public DelayDocument? AcknowledgeAtNight { get; init; }

    public bool? NeverAnswers { get; init; }

    public List<WindowDocument?>? Unavailable { get; init; }

    public string? TimeZone { get; init; }
}

internal sealed record WindowDocument
{
    public string? From { get; init; }

    public string? To { get; init; }
}

internal sealed record InjectDocument
{
    public string? At { get; init; }

    public IncidentDocument? Incident { get; init; }

    public AlertDocument? Alert { get; init; }

    public DelayDocument? ResolveAfter { get; init; }

    public DelayDocument? FiresFor { get; init; }

    public string? Note { get; init; }
}

internal sealed record IncidentDocument
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Impact { get; init; }

    public string? Urgency { get; init; }

    public string? Category { get; init; }

    public string? Service { get; init; }

    public string? AssignmentGroup { get; init; }
}

internal sealed record AlertDocument
{
    public string? Integration { get; init; }

    public string? Key { get; init; }

    public string? Summary { get; init; }

    public string? Severity { get; init; }

    public Dictionary<string, string>? Labels { get; init; }
}

internal sealed record LoadDocument
{
    public string? Service { get; init; }

    public string? Category { get; init; }

    public double? PerDay { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Impact { get; init; }

    public string? Urgency { get; init; }

    public DelayDocument? ResolveAfter { get; init; }
}

// Strict, as the core's configuration context is: unknown or repeated properties are refused, names compare case-insensitively.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ScenarioDocument))]
[JsonSerializable(typeof(ConfigurationDocument))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
