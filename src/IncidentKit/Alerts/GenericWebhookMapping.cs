using System.Globalization;
using System.Text.Json;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Maps any JSON webhook (Grafana, Zabbix, a shell script with curl) onto an alert by JSON pointers (RFC 6901).</summary>
/// <remarks>
/// <para>Required pointers: key, status and summary. Optional: labels (an object of strings), severity, start time (RFC 3339),
/// generator URL and group key. A status value counts as firing or resolved when it equals (ignoring case) one of
/// <see cref="FiringValues"/> or <see cref="ResolvedValues"/>; numbers and booleans are read as their JSON text. A body without
/// a start time starts when it is received.</para>
/// <para>Pointers are checked when the mapping is built; bad bodies throw <see cref="AlertFormatException"/> naming the pointer.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class GenericWebhookMapping
{
    /// <summary>Initializes a mapping.</summary>
    /// <param name="integration">The integration's name (1 to 100 letters, digits, '-' or '_'), as in <c>/alerts/webhook/{integration}</c>.</param>
    /// <param name="key">The pointer to the alert's key.</param>
    /// <param name="status">The pointer to its status.</param>
    /// <param name="summary">The pointer to its summary.</param>
    /// <param name="labels">The pointer to an object of labels, if any.</param>
    /// <param name="severity">The pointer to the severity, if any.</param>
    /// <param name="startsAt">The pointer to the start time, if any.</param>
    /// <param name="generatorUrl">The pointer to a link back, if any.</param>
    /// <param name="groupKey">The pointer to a sender group key, if any.</param>
    /// <param name="firingValues">Status values that mean firing; <see langword="null"/> takes firing, alerting, problem, trigger, triggered, 1, true.</param>
    /// <param name="resolvedValues">Status values that mean resolved; <see langword="null"/> takes resolved, ok, normal, recovery, 0, false.</param>
    /// <exception cref="ArgumentException">The integration name or a pointer is invalid.</exception>
    public GenericWebhookMapping(string integration, string key, string status, string summary, string? labels = null, string? severity = null,
        string? startsAt = null, string? generatorUrl = null, string? groupKey = null, IEnumerable<string>? firingValues = null, IEnumerable<string>? resolvedValues = null)
    {
        Guard.Against.NullOrEmpty(integration);
        if (integration.Length > 100 || !integration.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException("An integration name has 1 to 100 letters, digits, '-' or '_'.", nameof(integration));
        }

        Integration = integration;
        Key = Check(key, nameof(key))!;
        Status = Check(status, nameof(status))!;
        Summary = Check(summary, nameof(summary))!;
        Labels = Check(labels, nameof(labels), optional: true);
        Severity = Check(severity, nameof(severity), optional: true);
        StartsAt = Check(startsAt, nameof(startsAt), optional: true);
        GeneratorUrl = Check(generatorUrl, nameof(generatorUrl), optional: true);
        GroupKey = Check(groupKey, nameof(groupKey), optional: true);
        FiringValues = [.. firingValues ?? ["firing", "alerting", "problem", "trigger", "triggered", "1", "true"]];
        ResolvedValues = [.. resolvedValues ?? ["resolved", "ok", "normal", "recovery", "0", "false"]];
    }

    /// <summary>Gets the integration's name.</summary>
    public string Integration { get; }

    /// <summary>Gets the pointer to the key.</summary>
    public string Key { get; }

    /// <summary>Gets the pointer to the status.</summary>
    public string Status { get; }

    /// <summary>Gets the pointer to the summary.</summary>
    public string Summary { get; }

    /// <summary>Gets the pointer to the labels, if any.</summary>
    public string? Labels { get; }

    /// <summary>Gets the pointer to the severity, if any.</summary>
    public string? Severity { get; }

    /// <summary>Gets the pointer to the start time, if any.</summary>
    public string? StartsAt { get; }

    /// <summary>Gets the pointer to the generator URL, if any.</summary>
    public string? GeneratorUrl { get; }

    /// <summary>Gets the pointer to the sender group key, if any.</summary>
    public string? GroupKey { get; }

    /// <summary>Gets the status values that mean firing.</summary>
    public IReadOnlyList<string> FiringValues { get; }

    /// <summary>Gets the status values that mean resolved.</summary>
    public IReadOnlyList<string> ResolvedValues { get; }

    /// <summary>Reads a body into an alert.</summary>
    /// <param name="utf8Json">The request body.</param>
    /// <param name="receivedAt">When it was received: the start when the mapping or body has none.</param>
    /// <param name="maxBytes">The largest body accepted.</param>
    /// <returns>The alert.</returns>
    /// <exception cref="AlertFormatException">The body is too large or not JSON, a required pointer finds nothing, or a value has the wrong type.</exception>
    public Alert Parse(ReadOnlyMemory<byte> utf8Json, Instant receivedAt, int maxBytes = AlertBody.DefaultMaxBytes)
    {
        using var document = AlertBody.Parse(utf8Json, maxBytes);
        var root = document.RootElement;
        var key = Scalar(root, Key, required: true, Alert.MaxKeyLength)!;
        var statusText = Scalar(root, Status, required: true, 64)!;
        var status = FiringValues.Contains(statusText, StringComparer.OrdinalIgnoreCase) ? AlertStatus.Firing
            : ResolvedValues.Contains(statusText, StringComparer.OrdinalIgnoreCase) ? AlertStatus.Resolved
            : throw new AlertFormatException(Status, $"'{AlertBody.Clip(statusText)}' is not a known status; expected one of {string.Join(", ", FiringValues.Concat(ResolvedValues))}.");
        var summary = Scalar(root, Summary, required: true, 10_000)!;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Labels is not null && Resolve(root, Labels) is { } l && l.ValueKind != JsonValueKind.Null)
        {
            AlertBody.RequireObject(l, Labels);
            foreach (var p in l.EnumerateObject())
            {
                labels[p.Name] = ScalarText(p.Value, Labels + "/" + AlertBody.Escape(p.Name), 10_000);
            }
        }

        var severity = Severity is null ? null : Scalar(root, Severity, required: false, 64);
        var startsText = StartsAt is null ? null : Scalar(root, StartsAt, required: false, 64);
        return new Alert
        {
            Integration = Integration,
            Key = key,
            Status = status,
            Labels = labels.AsReadOnly(),
            StartsAt = startsText is null ? receivedAt : AlertBody.ParseTime(startsText, StartsAt!),
            GeneratorUrl = GeneratorUrl is null ? null : Scalar(root, GeneratorUrl, required: false, 2000),
            Severity = severity ?? labels.GetValueOrDefault("severity"),
            Summary = summary,
            SenderGroupKey = GroupKey is null ? null : Scalar(root, GroupKey, required: false, 1000),
        };
    }

    private static string? Check(string? pointer, string name, bool optional = false)
    {
        if (pointer is null && optional)
        {
            return null;
        }

        Guard.Against.Null(pointer, name);
        if (pointer.Length > 0 && pointer[0] != '/')
        {
            throw new ArgumentException($"'{pointer}' is not a JSON pointer: it is empty or starts with '/'.", name);
        }

        for (var i = 0; i < pointer.Length; i++)
        {
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
            {
                throw new ArgumentException($"'{pointer}' is not a JSON pointer: '~' must be followed by 0 or 1.", name);
            }
        }

        return pointer;
    }

    private static JsonElement? Resolve(JsonElement root, string pointer)
    {
        var current = root;
        if (pointer.Length == 0)
        {
            return current;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength() && (token == "0" || token[0] != '0'))
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static string? Scalar(JsonElement root, string pointer, bool required, int maxLength)
    {
        if (Resolve(root, pointer) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw new AlertFormatException(pointer, "the field is required.") : null;
        }

        var text = ScalarText(value, pointer, maxLength);
        return text.Length == 0 && required ? throw new AlertFormatException(pointer, "expected a non-empty value.") : text;
    }

    private static string ScalarText(JsonElement value, string pointer, int maxLength)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw new AlertFormatException(pointer, $"expected a string, number or boolean, found {AlertBody.Kind(value)}."),
        };
        return text.Length > maxLength ? throw new AlertFormatException(pointer, $"expected at most {maxLength} characters, found {text.Length}.") : text;
    }
}
