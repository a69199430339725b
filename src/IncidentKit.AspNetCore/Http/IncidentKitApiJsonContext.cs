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
    // The enums the review export (ReviewJson) writes in kebab-case, as the endpoints take them ("in-progress", "draft").
    private static readonly Dictionary<Type, System.Text.Json.Serialization.JsonConverter> ReviewEnums = new()
    {
        [typeof(IncidentKit.Reporting.Reviews.ActionItemStatus)] = new KebabCaseEnumConverter<IncidentKit.Reporting.Reviews.ActionItemStatus>(),
        [typeof(IncidentKit.Reporting.Reviews.ReviewStatus)] = new KebabCaseEnumConverter<IncidentKit.Reporting.Reviews.ReviewStatus>(),
        [typeof(IncidentKit.Reporting.Reviews.ReminderKind)] = new KebabCaseEnumConverter<IncidentKit.Reporting.Reviews.ReminderKind>(),
        [typeof(IncidentKit.Reporting.Reviews.SlaOutcome)] = new KebabCaseEnumConverter<IncidentKit.Reporting.Reviews.SlaOutcome>(),
        [typeof(IncidentKit.Reporting.Reviews.ImpactStart)] = new KebabCaseEnumConverter<IncidentKit.Reporting.Reviews.ImpactStart>(),
        [typeof(IncidentKit.Incidents.IncidentState)] = new KebabCaseEnumConverter<IncidentKit.Incidents.IncidentState>(),
        [typeof(IncidentKit.Incidents.DiagnosisStage)] = new KebabCaseEnumConverter<IncidentKit.Incidents.DiagnosisStage>(),
        [typeof(IncidentKit.Sla.SlaTargetKind)] = new KebabCaseEnumConverter<IncidentKit.Sla.SlaTargetKind>(),
        [typeof(IncidentKit.Runbooks.RunbookStepState)] = new KebabCaseEnumConverter<IncidentKit.Runbooks.RunbookStepState>(),
        [typeof(IncidentKit.Communication.Audience)] = new KebabCaseEnumConverter<IncidentKit.Communication.Audience>(),
    };

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

    // The review and its parts are never written through these options but by the core's export (ReviewJson), which spells enum
    // values in kebab-case ("in-progress") where these options write names: their enum properties get the export's spelling, so
    // the document describes the answer. (Priorities are "P1" in both.)
    private static void DescribeReviewExport(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object || typeInfo.Type.Namespace != typeof(IncidentKit.Reporting.Reviews.PostIncidentReview).Namespace)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (ReviewEnums.TryGetValue(property.PropertyType, out var converter))
            {
                property.CustomConverter = converter;
            }
        }
    }
}
