using System.Text.Json.Serialization;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowOutOfOrderMetadataProperties = true,
    Converters =
    [
        typeof(InstantJsonConverter), typeof(DurationJsonConverter), typeof(TenantIdJsonConverter), typeof(UserIdJsonConverter),
        typeof(IncidentIdJsonConverter), typeof(CategoryPathJsonConverter), typeof(ImpactJsonConverter),
        typeof(UrgencyJsonConverter), typeof(PriorityJsonConverter),
    ])]
[JsonSerializable(typeof(IncidentEvent))]
[JsonSerializable(typeof(IncidentKit.Incidents.IncidentSummary))]
internal sealed partial class IncidentEventJsonContext : JsonSerializerContext;
