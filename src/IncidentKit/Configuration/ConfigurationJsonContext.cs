using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Sla;

namespace IncidentKit.Configuration;

// The strict source-generated context every configuration document is read through (see ConfigurationReader).
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ConfigurationEnumConverter<EscalationKind>), typeof(ConfigurationEnumConverter<Complexity>),
        typeof(ConfigurationEnumConverter<SlaReopenMode>), typeof(ConfigurationEnumConverter<IncidentState>)])]
[JsonSerializable(typeof(CalendarConfiguration))]
[JsonSerializable(typeof(SlaPolicySetConfiguration))]
[JsonSerializable(typeof(OnCallScheduleConfiguration))]
[JsonSerializable(typeof(OnCallRosterConfiguration))]
[JsonSerializable(typeof(EscalationMatrixConfiguration))]
[JsonSerializable(typeof(EscalationDirectoryConfiguration))]
internal sealed partial class ConfigurationJsonContext : JsonSerializerContext;
