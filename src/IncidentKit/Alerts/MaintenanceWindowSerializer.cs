using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Alerts;

/// <summary>Turns maintenance windows into JSON and back: the storage format of <see cref="IMaintenanceWindowStore"/>, shared by every store.</summary>
/// <remarks>The JSON holds the definition (matchers in Alertmanager notation, the one-off period or the weekly rule with its IANA
/// zone id) and who created it and why; reading it validates it again, as the factory methods do.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class MaintenanceWindowSerializer
{
    /// <summary>Returns a window's JSON.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="window"/> is null.</exception>
    public static string Serialize(MaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var data = new MaintenanceWindowData(window.Id, window.Tenant, [.. window.Matchers.Select(m => m.ToString())], window.CreatedBy, window.Reason,
            window.OneOff?.Start, window.OneOff?.End, window.Zone?.Id, window.OneOff is null ? [.. window.Days] : null,
            window.DaysOfMonth.Count > 0 ? [.. window.DaysOfMonth] : null,
            window.OneOff is null ? LocalTimePattern.ExtendedIso.Format(window.From) : null,
            window.OneOff is null ? LocalTimePattern.ExtendedIso.Format(window.To) : null, window.ExpiresAt);
        return JsonSerializer.Serialize(data, MaintenanceWindowJsonContext.Default.MaintenanceWindowData);
    }

    /// <summary>Reads a window from JSON written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The window.</returns>
    /// <exception cref="JsonException">The text is not a window, or names an unknown zone or an invalid time.</exception>
    /// <exception cref="ArgumentException">The window it describes is invalid.</exception>
    public static MaintenanceWindow Deserialize(string json)
    {
        var d = JsonSerializer.Deserialize(json, MaintenanceWindowJsonContext.Default.MaintenanceWindowData) ?? throw new JsonException("Expected a maintenance window, found null.");
        if (d.Start is { } start && d.End is { } end)
        {
            return MaintenanceWindow.Once(d.Id, d.Tenant, d.Matchers, start, end, d.CreatedBy, d.Reason);
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(d.Zone ?? "") ?? throw new JsonException($"Unknown time zone '{d.Zone}'.");
        var from = LocalTimePattern.ExtendedIso.Parse(d.From ?? "");
        var to = LocalTimePattern.ExtendedIso.Parse(d.To ?? "");
        if (!from.Success || !to.Success)
        {
            throw new JsonException("Expected the local times 'from' and 'to' as HH:mm:ss.");
        }

        return MaintenanceWindow.Weekly(d.Id, d.Tenant, d.Matchers, zone, d.Days ?? [], from.Value, to.Value, d.CreatedBy, d.Reason, d.DaysOfMonth, d.ExpiresAt);
    }
}

internal sealed record MaintenanceWindowData(string Id, TenantId Tenant, IReadOnlyList<string> Matchers, UserId CreatedBy, string Reason, Instant? Start,
    Instant? End, string? Zone, IReadOnlyList<IsoDayOfWeek>? Days, IReadOnlyList<int>? DaysOfMonth, string? From, string? To, Instant? ExpiresAt);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(InstantJsonConverter), typeof(TenantIdJsonConverter), typeof(UserIdJsonConverter)])]
[JsonSerializable(typeof(MaintenanceWindowData))]
internal sealed partial class MaintenanceWindowJsonContext : JsonSerializerContext;
