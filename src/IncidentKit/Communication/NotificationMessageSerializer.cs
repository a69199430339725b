using System.Text.Json;
using Ardalis.GuardClauses;

namespace IncidentKit.Communication;

/// <summary>Turns notification messages into JSON and back, for an outbox's payload column.</summary>
/// <remarks>Fields are camelCase; recipients are their text form (<c>user:alice</c>); instants are ISO-8601 UTC. Source-generated:
/// no reflection, trimming- and AOT-safe.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class NotificationMessageSerializer
{
    /// <summary>Returns a message's JSON.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static string Serialize(NotificationMessage message)
    {
        Guard.Against.Null(message);
        return JsonSerializer.Serialize(message, CommunicationJsonContext.Default.NotificationMessage);
    }

    /// <summary>Reads a message from its JSON.</summary>
    /// <param name="json">The JSON written by <see cref="Serialize"/>.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed or lacks a required field.</exception>
    public static NotificationMessage Deserialize(string json)
    {
        Guard.Against.Null(json);
        try
        {
            return JsonSerializer.Deserialize(json, CommunicationJsonContext.Default.NotificationMessage)
                ?? throw new JsonException("Expected a notification message but found JSON null.");
        }
        catch (ArgumentException ex)
        {
            throw new JsonException($"The JSON does not hold a valid notification message: {ex.Message}", ex);
        }
    }
}
