using System.Text.Json.Serialization;
using IncidentKit.Storage;

namespace IncidentKit.Alerts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters =
    [
        typeof(InstantJsonConverter), typeof(DurationJsonConverter), typeof(TenantIdJsonConverter), typeof(UserIdJsonConverter),
        typeof(IncidentIdJsonConverter), typeof(CategoryPathJsonConverter), typeof(ImpactJsonConverter), typeof(UrgencyJsonConverter),
    ])]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(AlertGroupState))]
[JsonSerializable(typeof(AlertEntry))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
