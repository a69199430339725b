using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace IncidentKit.AspNetCore.Http;

// One source-generated context for every shape of the API: camelCase, enums as names, NodaTime as ISO text, unknown
// members refused so a misspelt field is a 400 rather than silently ignored.
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    Converters =
    [
        typeof(InstantConverter), typeof(DurationConverter), typeof(UserIdConverter), typeof(IncidentIdConverter),
        typeof(CategoryPathConverter), typeof(ImpactConverter), typeof(UrgencyConverter), typeof(PriorityConverter),
        typeof(TenantIdConverter), typeof(LocalDateConverter),
    ])]
[JsonSerializable(typeof(IncidentResource))]
[JsonSerializable(typeof(IncidentListPage))]
[JsonSerializable(typeof(TimelineResource))]
[JsonSerializable(typeof(IncidentExportResource))]
[JsonSerializable(typeof(CreatedCalendarFeedResource))]
[JsonSerializable(typeof(IReadOnlyList<CalendarFeedResource>))]
[JsonSerializable(typeof(IncidentChangeMessage))]
[JsonSerializable(typeof(RelayedChange))]
[JsonSerializable(typeof(OpenIncidentRequest))]
[JsonSerializable(typeof(ReasonRequest))]
[JsonSerializable(typeof(AssignRequest))]
[JsonSerializable(typeof(NoteRequest))]
[JsonSerializable(typeof(DiagnoseRequest))]
[JsonSerializable(typeof(StatusUpdateRequest))]
[JsonSerializable(typeof(PriorityRequest))]
[JsonSerializable(typeof(ResolveRequest))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(ResponseRoleRequest))]
[JsonSerializable(typeof(RunbookStepRequest))]
[JsonSerializable(typeof(EvidenceLinkRequest))]
[JsonSerializable(typeof(EvidenceResource))]
[JsonSerializable(typeof(IReadOnlyList<EvidenceResource>))]
[JsonSerializable(typeof(OnCallResource))]
[JsonSerializable(typeof(OnCallList))]
[JsonSerializable(typeof(WhoAmIResource))]
[JsonSerializable(typeof(CreateMaintenanceWindowRequest))]
[JsonSerializable(typeof(MaintenanceWindowResource))]
[JsonSerializable(typeof(IReadOnlyList<MaintenanceWindowResource>))]
[JsonSerializable(typeof(IReadOnlyList<MaintenanceWindowAuditResource>))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(ApiKeyResource))]
[JsonSerializable(typeof(IReadOnlyList<ApiKeyResource>))]
[JsonSerializable(typeof(CreatedApiKeyResource))]
[JsonSerializable(typeof(ReviewRequest))]
[JsonSerializable(typeof(IncidentKit.Reporting.Reviews.PostIncidentReview))] // described in OpenAPI; written by ReviewJson
[JsonSerializable(typeof(AddActionItemRequest))]
[JsonSerializable(typeof(UpdateActionItemRequest))]
[JsonSerializable(typeof(ActionItemResource))]
[JsonSerializable(typeof(ActionItemList))]
[JsonSerializable(typeof(ProblemResource))]
[JsonSerializable(typeof(ProblemList))]
[JsonSerializable(typeof(CreateProblemRequest))]
[JsonSerializable(typeof(UpdateProblemRequest))]
[JsonSerializable(typeof(ProblemIncidentRequest))]
[JsonSerializable(typeof(ProblemSuggestionList))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
internal sealed partial class IncidentKitApiJsonContext : JsonSerializerContext
{
    private static readonly PriorityLevelConverter ReviewPriority = new();

    // The context's converters apply only to its own options; the host's HTTP options need them too, since the
    // context's metadata resolves converters from whichever options it serves.
    public static void Configure(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, Default.WithAddedModifier(DescribeReviewExport));
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new DurationConverter());
        options.Converters.Add(new UserIdConverter());
        options.Converters.Add(new IncidentIdConverter());
        options.Converters.Add(new CategoryPathConverter());
        options.Converters.Add(new ImpactConverter());
        options.Converters.Add(new UrgencyConverter());
        options.Converters.Add(new PriorityConverter());
        options.Converters.Add(new TenantIdConverter());
        options.Converters.Add(new LocalDateConverter());
    }

    // The review and its parts are never written through these options but by the core's export (ReviewJson), whose priorities
    // are levels (1), not the API's "P1": their priority properties get the export's converter, so the document describes the answer.
    private static void DescribeReviewExport(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.Namespace != typeof(IncidentKit.Reporting.Reviews.PostIncidentReview).Namespace)
        {
            return;
        }

        foreach (var property in typeInfo.Properties.Where(p => p.PropertyType == typeof(IncidentKit.Prioritization.Priority)))
        {
            property.CustomConverter = ReviewPriority;
        }
    }
}
