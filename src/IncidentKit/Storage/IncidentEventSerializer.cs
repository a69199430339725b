using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

/// <summary>Turns incident events into JSON and back: the one storage format every store shares.</summary>
/// <remarks>
/// <para>Each event is a JSON object with a <c>type</c> discriminator (e.g. <c>"acknowledged"</c>) and its fields in camelCase;
/// instants are ISO-8601 UTC text with up to nanoseconds (<c>2026-06-15T14:00:00Z</c>), identifiers are their text form.
/// The discriminator may appear anywhere in the object, so stores that reorder keys (PostgreSQL <c>jsonb</c>) are fine.</para>
/// <para>Serialization is source-generated: no reflection, trimming- and AOT-safe.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static partial class IncidentEventSerializer
{
    /// <summary>Returns an event's JSON.</summary>
    /// <param name="incidentEvent">The event.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incidentEvent"/> is null.</exception>
    /// <exception cref="NotSupportedException">The event's type has no discriminator registered on <see cref="IncidentEvent"/>.</exception>
    public static string Serialize(IncidentEvent incidentEvent)
    {
        ArgumentNullException.ThrowIfNull(incidentEvent);
        return JsonSerializer.Serialize(incidentEvent, IncidentEventJsonContext.Default.IncidentEvent);
    }

    /// <summary>Returns an event's JSON as UTF-8 bytes.</summary>
    /// <param name="incidentEvent">The event.</param>
    /// <returns>The UTF-8 JSON.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incidentEvent"/> is null.</exception>
    /// <exception cref="NotSupportedException">The event's type has no discriminator registered on <see cref="IncidentEvent"/>.</exception>
    public static byte[] SerializeToUtf8Bytes(IncidentEvent incidentEvent)
    {
        ArgumentNullException.ThrowIfNull(incidentEvent);
        return JsonSerializer.SerializeToUtf8Bytes(incidentEvent, IncidentEventJsonContext.Default.IncidentEvent);
    }

    /// <summary>Reads an event from its JSON.</summary>
    /// <param name="json">The JSON text written by <see cref="Serialize"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, lacks the discriminator, or names an unknown event type.</exception>
    public static IncidentEvent Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, IncidentEventJsonContext.Default.IncidentEvent)
                ?? throw new JsonException("Expected an incident event but found JSON null.");
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            throw Malformed(ex);
        }
    }

    /// <summary>Reads an event from its UTF-8 JSON.</summary>
    /// <param name="utf8Json">The UTF-8 JSON written by <see cref="SerializeToUtf8Bytes"/>.</param>
    /// <returns>The event.</returns>
    /// <exception cref="JsonException">The JSON is malformed, lacks the discriminator, or names an unknown event type.</exception>
    public static IncidentEvent Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        if (DerivedTypes.Find(utf8Json) is { } derived)
        {
            try
            {
                if (JsonSerializer.Deserialize(utf8Json, derived) is IncidentEvent fast)
                {
                    return fast;
                }
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
            {
                // The general path below reads it again and reports the problem as documented.
            }
        }

        return DeserializePolymorphic(utf8Json);
    }

    internal static IncidentEvent DeserializePolymorphic(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8Json, IncidentEventJsonContext.Default.IncidentEvent)
                ?? throw new JsonException("Expected an incident event but found JSON null.");
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            throw Malformed(ex);
        }
    }

    // System.Text.Json reports a missing discriminator as NotSupportedException, and a value our types refuse (an empty
    // actor or category) surfaces as their ArgumentException; both are malformed stored JSON, documented as JsonException.
    private static JsonException Malformed(Exception inner) => new($"The JSON is not a valid incident event: {inner.Message}", inner);
}
