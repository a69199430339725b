using System.Text.Json.Serialization;
using IncidentKit.Problems;
using IncidentKit.Storage;

namespace IncidentKit.Reporting.Reviews;

// One source-generated context for reviews, their authored part and problems: camelCase, enums by name, NodaTime values in
// their ISO forms, as the stores keep incident events.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowDuplicateProperties = false,
    Converters =
    [
        typeof(InstantJsonConverter), typeof(DurationJsonConverter), typeof(TenantIdJsonConverter), typeof(UserIdJsonConverter),
        typeof(IncidentIdJsonConverter), typeof(CategoryPathJsonConverter), typeof(PriorityJsonConverter), typeof(LocalDateJsonConverter),
        typeof(ProblemIdJsonConverter),
    ])]
[JsonSerializable(typeof(PostIncidentReview))]
[JsonSerializable(typeof(ReviewAuthoring))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(ActionItem))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
