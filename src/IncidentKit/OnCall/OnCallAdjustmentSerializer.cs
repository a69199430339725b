using System.Buffers;
using System.Text;
using System.Text.Json;
using Ardalis.GuardClauses;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.OnCall;

/// <summary>Turns an on-call adjustment into JSON and back, for a store's data column.</summary>
/// <remarks>Fields are camelCase; instants are ISO-8601 UTC; the same adjustment always gives the same text, so stores compare
/// texts to tell a repeated add from a conflicting one.</remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class OnCallAdjustmentSerializer
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    /// <summary>Returns an adjustment's JSON.</summary>
    /// <param name="adjustment">The adjustment.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="adjustment"/> is null.</exception>
    public static string Serialize(OnCallAdjustment adjustment)
    {
        Guard.Against.Null(adjustment);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", adjustment.Id.ToString("D"));
            w.WriteString("schedule", adjustment.Schedule.Value);
            w.WriteString("kind", adjustment.Kind == OnCallAdjustmentKind.Override ? "override" : "temporary");
            w.WriteString("start", Pattern.Format(adjustment.Interval.Start));
            w.WriteString("end", Pattern.Format(adjustment.Interval.End));
            if (adjustment.Override is { } o)
            {
                w.WriteString("onCall", o.OnCall.Value);
                if (o.Replacing is { } r)
                {
                    w.WriteString("replacing", r.Value);
                }
            }
            else
            {
                w.WriteStartArray("shifts");
                foreach (var shift in adjustment.Shifts)
                {
                    w.WriteStartObject();
                    w.WriteString("start", Pattern.Format(shift.Interval.Start));
                    w.WriteString("end", Pattern.Format(shift.Interval.End));
                    w.WriteStartArray("users");
                    foreach (var user in shift.Users)
                    {
                        w.WriteStringValue(user.Value);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteString("addedBy", adjustment.AddedBy.Value);
            w.WriteString("addedAt", Pattern.Format(adjustment.AddedAt));
            if (adjustment.Note is { } note)
            {
                w.WriteString("note", note);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an adjustment from its JSON.</summary>
    /// <param name="json">The JSON written by <see cref="Serialize"/>.</param>
    /// <returns>The adjustment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The JSON is malformed, lacks a field or holds an invalid adjustment.</exception>
    public static OnCallAdjustment Deserialize(string json)
    {
        Guard.Against.Null(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var id = Guid.ParseExact(Text(root, "id"), "D");
            var schedule = new ScheduleId(Text(root, "schedule"));
            var interval = new Interval(Instant(root, "start"), Instant(root, "end"));
            var addedBy = new UserId(Text(root, "addedBy"));
            var addedAt = Instant(root, "addedAt");
            var note = root.TryGetProperty("note", out var n) ? n.GetString() : null;
            return Text(root, "kind") switch
            {
                "override" => OnCallAdjustment.ForOverride(id, schedule,
                    new ScheduleOverride(interval, new UserId(Text(root, "onCall")), root.TryGetProperty("replacing", out var r) ? new UserId(r.GetString()!) : null),
                    addedBy, addedAt, note),
                "temporary" => OnCallAdjustment.ForTemporarySchedule(id, schedule, interval,
                    [.. root.GetProperty("shifts").EnumerateArray().Select(s => new TemporaryShift(
                        new Interval(Instant(s, "start"), Instant(s, "end")),
                        [.. s.GetProperty("users").EnumerateArray().Select(u => new UserId(u.GetString()!))]))],
                    addedBy, addedAt, note),
                var other => throw new JsonException($"'{other}' is not an on-call adjustment kind; expected override or temporary."),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or KeyNotFoundException or InvalidOperationException or UnparsableValueException)
        {
            throw new JsonException($"The on-call adjustment JSON is invalid: {e.Message}", e);
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new JsonException($"Expected a string '{name}'.");

    private static Instant Instant(JsonElement element, string name) => Pattern.Parse(Text(element, name)).GetValueOrThrow();
}
