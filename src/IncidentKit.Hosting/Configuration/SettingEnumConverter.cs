using System.Text.Json.Serialization;

namespace IncidentKit.Hosting.Configuration;

// Writes a section-level enumeration by its PascalCase name, as appsettings spells settings ("Store": "Sqlite"); reading is by
// name only, in any case (ConfigurationDocument refuses numbers before this converter sees the value).
internal sealed class SettingEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
