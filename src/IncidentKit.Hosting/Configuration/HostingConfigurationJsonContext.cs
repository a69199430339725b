using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Configuration;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Sla;

namespace IncidentKit.Hosting.Configuration;

// The strict source-generated context of the whole IncidentKit section: the section's own records and the core's sub-document
// records, read by ConfigurationDocument and exported as the section's JSON Schema. The sub-documents keep the core's camelCase
// names; the section's own settings keep their PascalCase names (as appsettings writes them) through [JsonPropertyName]. Names
// compare case-insensitively either way.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    AllowDuplicateProperties = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(ConfigurationEnumConverter<EscalationKind>), typeof(ConfigurationEnumConverter<Complexity>),
        typeof(ConfigurationEnumConverter<SlaReopenMode>), typeof(ConfigurationEnumConverter<IncidentState>),
        typeof(SettingEnumConverter<IncidentKitStoreKind>)])]
[JsonSerializable(typeof(IncidentKitConfiguration))]
internal sealed partial class HostingConfigurationJsonContext : JsonSerializerContext;
