using System.Text.Json.Serialization;
using IncidentKit.Problems;
using IncidentKit.Storage;

namespace IncidentKit.Reporting.Reviews;

// One source-generated context for reviews, their authored part and problems: camelCase, enum values and priorities in the
// HTTP API's words ("in-progress", "P1"; the old spellings "InProgress" and 1 still read), NodaTime values in their ISO forms.
// Every enum a review or problem holds has its kebab-case converter here; UseStringEnumConverter only backs up one added later.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowDuplicateProperties = false,
    Converters =
    [
        typeof(InstantJsonConverter), typeof(DurationJsonConverter), typeof(TenantIdJsonConverter), typeof(UserIdJsonConverter),
        typeof(IncidentIdJsonConverter), typeof(CategoryPathJsonConverter), typeof(ReviewPriorityJsonConverter), typeof(LocalDateJsonConverter),
        typeof(ProblemIdJsonConverter),
        typeof(KebabCaseEnumJsonConverter<ActionItemStatus>), typeof(KebabCaseEnumJsonConverter<ReviewStatus>),
        typeof(KebabCaseEnumJsonConverter<ReminderKind>), typeof(KebabCaseEnumJsonConverter<SlaOutcome>),
        typeof(KebabCaseEnumJsonConverter<ImpactStart>), typeof(KebabCaseEnumJsonConverter<Incidents.IncidentState>),
        typeof(KebabCaseEnumJsonConverter<Incidents.DiagnosisStage>), typeof(KebabCaseEnumJsonConverter<Sla.SlaTargetKind>),
        typeof(KebabCaseEnumJsonConverter<Runbooks.RunbookStepState>), typeof(KebabCaseEnumJsonConverter<Communication.Audience>),
        typeof(KebabCaseEnumJsonConverter<ProblemState>), typeof(KebabCaseEnumJsonConverter<ProblemEntryKind>),
        typeof(KebabCaseEnumJsonConverter<RecurrenceKind>),
    ])]
[JsonSerializable(typeof(PostIncidentReview))]
[JsonSerializable(typeof(ReviewAuthoring))]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(ActionItem))]
internal sealed partial class ReviewJsonContext : JsonSerializerContext;
