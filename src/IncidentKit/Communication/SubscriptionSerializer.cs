using System.Buffers;
using System.Text.Json;
using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Storage;

namespace IncidentKit.Communication;

/// <summary>Turns a subscription's parts into the text columns the SQL stores keep, and back.</summary>
/// <remarks>The target is kept twice: as its identity key (<see cref="TargetKey"/>: categories upper-cased, because category
/// equality ignores case; services as written, because <see cref="SubscriptionTarget"/> equality does not), so that the store's
/// unique key matches <see cref="ISubscriptionStore.AddAsync"/>'s "same tenant, subscriber and target"; and as its value
/// (<see cref="TargetValue"/>), to rebuild it as written.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class SubscriptionSerializer
{
    /// <summary>Returns the identity key of a target, e.g. <c>category:NETWORK/VPN</c>.</summary>
    /// <param name="target">The target.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the default value.</exception>
    public static string TargetKey(SubscriptionTarget target) => target.Kind switch
    {
        _ when target == default => throw new ArgumentException("Expected a target made by one of SubscriptionTarget's factories.", nameof(target)),
        SubscriptionTargetKind.Incident => "incident:" + target.Incident.Value.ToString("N"),
        SubscriptionTargetKind.Service => "service:" + target.Service,
        _ => "category:" + StoreContract.CategoryKey(target.Category!.Value),
    };

    /// <summary>Returns the value of a target as written: the incident id, the service or the category.</summary>
    /// <param name="target">The target.</param>
    /// <returns>The value.</returns>
    public static string TargetValue(SubscriptionTarget target) => target.Kind switch
    {
        SubscriptionTargetKind.Incident => target.Incident.Value.ToString("N"),
        SubscriptionTargetKind.Service => target.Service ?? string.Empty,
        _ => target.Category?.Value ?? string.Empty,
    };

    /// <summary>Rebuilds a target from its kind and value.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="value">The value written by <see cref="TargetValue"/>.</param>
    /// <returns>The target.</returns>
    /// <exception cref="FormatException">The kind is undefined or the value does not fit it.</exception>
    public static SubscriptionTarget ParseTarget(SubscriptionTargetKind kind, string value)
    {
        Guard.Against.Null(value);
        try
        {
            return kind switch
            {
                SubscriptionTargetKind.Incident => SubscriptionTarget.ForIncident(new IncidentId(Guid.ParseExact(value, "N"))),
                SubscriptionTargetKind.Service => SubscriptionTarget.ForService(value),
                SubscriptionTargetKind.Category => SubscriptionTarget.ForCategory(new CategoryPath(value)),
                _ => throw new FormatException($"'{kind}' is not a subscription target kind."),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{value}' is not a {kind} subscription target: {e.Message}", e);
        }
    }

    /// <summary>Returns a subscription's channels as a JSON array.</summary>
    /// <param name="channels">The channels.</param>
    /// <returns>The JSON text, <c>[]</c> when there are none.</returns>
    public static string FormatChannels(IReadOnlyList<string> channels)
    {
        Guard.Against.Null(channels);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var channel in channels)
            {
                writer.WriteStringValue(channel);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads channels written by <see cref="FormatChannels"/>.</summary>
    /// <param name="json">The JSON array.</param>
    /// <returns>The channels.</returns>
    /// <exception cref="JsonException">The JSON is not an array of strings.</exception>
    public static IReadOnlyList<string> ParseChannels(string json)
    {
        Guard.Against.Null(json);
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("Expected a JSON array of channel names.");
        }

        return [.. document.RootElement.EnumerateArray().Select(e => e.GetString() ?? throw new JsonException("Expected channel names, not null."))];
    }
}
