using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentKit.Configuration;

/// <summary>Reads and writes an enumeration in configuration by its camel-case name only, never by number.</summary>
/// <typeparam name="TEnum">The enumeration.</typeparam>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class ConfigurationEnumConverter<TEnum> : JsonStringEnumConverter<TEnum>
    where TEnum : struct, Enum
{
    /// <summary>Initializes the converter with camel-case names and integer values refused.</summary>
    public ConfigurationEnumConverter()
        : base(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    {
    }
}
