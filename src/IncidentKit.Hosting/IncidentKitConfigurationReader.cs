using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentKit.Calendars;
using IncidentKit.Escalation;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace IncidentKit.Hosting;

// Reads the "IncidentKit" configuration section by hand rather than with ConfigurationBinder: the binder is not trim-safe
// (the package is AOT-compatible), cannot bind NodaTime types, and stops at the first bad value, whereas a host operator
// should see every problem of a section at once, each with its configuration path.
internal static class IncidentKitConfigurationReader
{
    private static readonly string[] KnownKeys =
    [
        "Workflow", "PriorityMatrix", "Calendars", "EnableWorker", "ScheduleCommunication", "PollInterval", "LeaseDuration", "BatchSize",
        "AutoCloseResolvedAfter", "WorkerName", "HeartbeatTolerance", "OutboxLagDegraded", "OutboxLagUnhealthy", "HealthCheckTenants", "SlaPolicies",
        "Schedules", "Escalation", "Directory", "IncidentLinkBase",
    ];

    private static readonly string[] WorkflowKeys = ["AllowSkipAcknowledge", "RequireAssigneeToStartWork", "ReopenWindow", "RequireResolutionVerification"];

    public static void Read(IConfiguration section, IncidentKitOptions options)
    {
        var problems = options.ConfigurationProblems;
        foreach (var child in section.GetChildren())
        {
            if (!KnownKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path}: unknown setting (expected one of {string.Join(", ", KnownKeys)}).");
            }
        }

        ReadBool(section, "EnableWorker", problems, v => options.EnableWorker = v);
        ReadBool(section, "ScheduleCommunication", problems, v => options.ScheduleCommunication = v);
        ReadTimeSpan(section, "PollInterval", problems, v => options.PollInterval = v);
        ReadTimeSpan(section, "LeaseDuration", problems, v => options.LeaseDuration = v);
        ReadInt(section, "BatchSize", problems, v => options.BatchSize = v);
        ReadInt(section, "HeartbeatTolerance", problems, v => options.HeartbeatTolerance = v);
        ReadTimeSpan(section, "OutboxLagDegraded", problems, v => options.OutboxLagDegraded = v);
        ReadTimeSpan(section, "OutboxLagUnhealthy", problems, v => options.OutboxLagUnhealthy = v);
        if (section.GetSection("WorkerName").Value is { } name)
        {
            options.WorkerName = name;
        }

        if (section.GetSection("IncidentLinkBase") is { Value: { } link } linkSection)
        {
            if (Uri.TryCreate(link, UriKind.Absolute, out var uri))
            {
                options.IncidentLinkBase = uri;
            }
            else
            {
                problems.Add($"{linkSection.Path}: '{link}' is not an absolute URL.");
            }
        }

        var autoClose = section.GetSection("AutoCloseResolvedAfter");
        if (autoClose.Value is { } autoCloseText)
        {
            if (autoCloseText.Length == 0 || string.Equals(autoCloseText, "never", StringComparison.OrdinalIgnoreCase))
            {
                options.AutoCloseResolvedAfter = null;
            }
            else
            {
                ReadTimeSpan(section, "AutoCloseResolvedAfter", problems, v => options.AutoCloseResolvedAfter = v);
            }
        }

        var tenants = section.GetSection("HealthCheckTenants");
        if (tenants.Exists() && OrderedItems(tenants, problems) is { } tenantItems)
        {
            options.HealthCheckTenants.Clear();
            foreach (var tenant in tenantItems)
            {
                if (string.IsNullOrWhiteSpace(tenant.Value) || tenant.Value.Length > 128)
                {
                    problems.Add($"{tenant.Path}: expected a tenant id of 1 to 128 characters.");
                }
                else
                {
                    try
                    {
                        options.HealthCheckTenants.Add(new TenantId(tenant.Value));
                    }
                    catch (ArgumentException ex)
                    {
                        // The id's own rules (control characters, ...) are the one source of truth; report them at the path.
                        problems.Add($"{tenant.Path}: not a tenant id ({ex.Message.Split(" (Parameter")[0]}).");
                    }
                }
            }
        }

        ReadWorkflow(section.GetSection("Workflow"), options, problems);
        ReadPriorityMatrix(section.GetSection("PriorityMatrix"), options, problems);
        ReadCalendars(section.GetSection("Calendars"), options, problems);
        ReadSlaPolicies(section.GetSection("SlaPolicies"), options, problems);
        ReadSchedules(section.GetSection("Schedules"), options, problems);
        ReadJson(section.GetSection("Escalation"), problems, json => options.Escalation = EscalationMatrix.FromJson(json));
        ReadJson(section.GetSection("Directory"), problems, json => options.Directory = EscalationDirectory.FromJson(json));
    }

    // "Schedules": [ { "id": "dba-primary", ... } ] or { "dba-primary": { ... } }; each schedule as configuration or one JSON string.
    private static void ReadSchedules(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                // The whole list as one JSON string.
                ReadJson(section, problems, json => AddAll(options, OnCallRoster.FromJson(json).Schedules.Values));
            }

            return;
        }

        bool keyed = !IsArray(children);
        foreach (var child in keyed ? children : [.. children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))])
        {
            ReadJson(child, problems, json =>
            {
                if (keyed && JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) is JsonObject body
                    && !body.Any(p => p.Key.Equals("id", StringComparison.OrdinalIgnoreCase)))
                {
                    body["id"] = child.Key;
                    json = body.ToJsonString();
                }

                var schedule = OnCallSchedule.FromJson(json);
                if (keyed && schedule.Id.Value != child.Key)
                {
                    throw new ConfigurationValidationException("on-call schedule", [$"$.id: '{schedule.Id}' differs from the key '{child.Key}' the schedule is listed under."]);
                }

                options.Schedules.Add(schedule);
            });
        }
    }

    private static void AddAll(IncidentKitOptions options, IEnumerable<OnCallSchedule> schedules)
    {
        foreach (var schedule in schedules)
        {
            options.Schedules.Add(schedule);
        }
    }

    // A value written as configuration (converted to JSON) or as one JSON string; problems keep their JSON path after the section's.
    private static void ReadJson(IConfigurationSection section, List<string> problems, Action<string> read)
    {
        // A JSON null (or an empty string) becomes an empty value in configuration: it leaves the setting unset.
        if (!section.Exists() || (section.Value is { Length: 0 } && !section.GetChildren().Any()))
        {
            return;
        }

        try
        {
            read(section.Value is { Length: > 0 } text && !section.GetChildren().Any() ? text : ToJson(section));
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{section.Path}: {e}"));
        }
        catch (JsonException ex)
        {
            problems.Add($"{section.Path}: malformed JSON: {ex.Message}");
        }
    }

    private static void ReadSlaPolicies(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        if (!section.Exists())
        {
            return;
        }

        try
        {
            var json = section.Value is { Length: > 0 } text && !section.GetChildren().Any() ? text : ToJson(section);
            options.SlaPolicies = SlaPolicySet.FromJson(json);
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{section.Path}: {e}"));
        }
        catch (FormatException ex)
        {
            problems.Add($"{section.Path}: {ex.Message}");
        }
    }

    private static void ReadWorkflow(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            if (!WorkflowKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path}: unknown setting (expected one of {string.Join(", ", WorkflowKeys)}).");
            }
        }

        ReadBool(section, "AllowSkipAcknowledge", problems, v => options.Workflow.AllowSkipAcknowledge = v);
        ReadBool(section, "RequireAssigneeToStartWork", problems, v => options.Workflow.RequireAssigneeToStartWork = v);
        ReadBool(section, "RequireResolutionVerification", problems, v => options.Workflow.RequireResolutionVerification = v);
        ReadTimeSpan(section, "ReopenWindow", problems, v => options.Workflow.ReopenWindow = Duration.FromTimeSpan(v));
    }

    // "PriorityMatrix": { "Rows": [ ["P1","P2","P3"], ["P2","P3","P4"], ["P3","P4","P5"] ], "Labels": { "P1": "Critical" } }
    // Row i holds impact i+1; column u holds urgency u+1.
    private static void ReadPriorityMatrix(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        if (!section.Exists())
        {
            return;
        }

        foreach (var child in section.GetChildren())
        {
            if (!child.Key.Equals("Rows", StringComparison.OrdinalIgnoreCase) && !child.Key.Equals("Labels", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{child.Path}: unknown setting (expected Rows, Labels).");
            }
        }

        var rowsSection = section.GetSection("Rows");
        var rows = OrderedItems(rowsSection, problems);
        if (rows is null || rows.Count == 0)
        {
            problems.Add($"{rowsSection.Path}: required, a list of rows (one per impact level) of priorities (one per urgency level) such as [[\"P1\",\"P2\"],[\"P2\",\"P3\"]].");
            return;
        }

        var cells = rows.Select(r => OrderedItems(r, problems)).ToList();
        if (cells.Any(r => r is null))
        {
            return;
        }

        var urgencyLevels = cells[0]!.Count;
        var count = problems.Count;
        if (rows.Count > 99 || urgencyLevels is < 1 or > 99)
        {
            problems.Add($"{rowsSection.Path}: expected 1 to 99 rows of 1 to 99 priorities, found {rows.Count} rows of {urgencyLevels}.");
            return;
        }

        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i]!.Count != urgencyLevels)
            {
                problems.Add($"{rows[i].Path}: has {cells[i]!.Count} priorities where the first row has {urgencyLevels}; every impact row needs one per urgency level.");
            }
        }

        var builder = new PriorityMatrixBuilder(rows.Count, urgencyLevels);
        for (var i = 0; i < cells.Count; i++)
        {
            for (var u = 0; u < Math.Min(urgencyLevels, cells[i]!.Count); u++)
            {
                var cell = cells[i]![u];
                if (TryParsePriority(cell, problems) is { } priority)
                {
                    builder.Set(new Impact(i + 1), new Urgency(u + 1), priority);
                }
            }
        }

        foreach (var label in section.GetSection("Labels").GetChildren())
        {
            var priority = TryParsePriority(label.Key, label.Path, problems);
            if (priority is { } p && !string.IsNullOrWhiteSpace(label.Value))
            {
                builder.Label(p, label.Value);
            }
            else if (priority is not null)
            {
                problems.Add($"{label.Path}: expected a non-empty label.");
            }
        }

        if (problems.Count > count)
        {
            return;
        }

        try
        {
            options.PriorityMatrix = builder.Build();
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{section.Path}: {e}"));
        }
    }

    private static void ReadCalendars(IConfigurationSection section, IncidentKitOptions options, List<string> problems)
    {
        foreach (var calendar in section.GetChildren())
        {
            try
            {
                // A calendar may be written as configuration (the usual appsettings shape) or as one JSON string.
                var json = calendar.Value is { Length: > 0 } text && !calendar.GetChildren().Any() ? text : ToJson(calendar);
                options.Calendars[calendar.Key] = BusinessCalendar.FromJson(json);
            }
            catch (CalendarFormatException ex)
            {
                problems.Add($"{calendar.Path}: {ex.Message}");
            }
        }
    }

    // Configuration flattens JSON: arrays become children keyed 0..n-1, every leaf becomes a string, and an empty array or a
    // null becomes an empty string. The calendar format only has strings, arrays, objects and a nullable effectiveFrom, so an
    // empty leaf is read back as an empty array, except effectiveFrom, which is read back as null.
    internal static string ToJson(IConfigurationSection section)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(section, writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(IConfigurationSection section, Utf8JsonWriter writer)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (IsWholeNumber(section.Value))
            {
                // Configuration turns numbers into text; the only numbers these formats hold are whole ones (warning percents).
                writer.WriteRawValue(section.Value!);
            }
            else if (!string.IsNullOrEmpty(section.Value))
            {
                writer.WriteStringValue(section.Value);
            }
            else if (section.Key.Equals("effectiveFrom", StringComparison.OrdinalIgnoreCase))
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStartArray();
                writer.WriteEndArray();
            }

            return;
        }

        if (IsArray(children))
        {
            writer.WriteStartArray();
            foreach (var child in children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)))
            {
                Write(child, writer);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        foreach (var child in children)
        {
            writer.WritePropertyName(child.Key);
            Write(child, writer);
        }

        writer.WriteEndObject();
    }

    private static bool IsWholeNumber(string? text) =>
        text is { Length: > 0 and < 10 } && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');

    private static bool IsArray(List<IConfigurationSection> children)
    {
        var indexes = new HashSet<int>();
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || !indexes.Add(index))
            {
                return false;
            }
        }

        return indexes.Count == children.Count && indexes.Max() == children.Count - 1;
    }

    private static List<IConfigurationSection>? OrderedItems(IConfigurationSection section, List<string> problems)
    {
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            return [];
        }

        if (!IsArray(children))
        {
            problems.Add($"{section.Path}: expected a list.");
            return null;
        }

        return [.. children.OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture))];
    }

    private static Priority? TryParsePriority(IConfigurationSection cell, List<string> problems) =>
        TryParsePriority(cell.Value ?? string.Empty, cell.Path, problems);

    private static Priority? TryParsePriority(string text, string path, List<string> problems)
    {
        try
        {
            return Priority.Parse(text);
        }
        catch (FormatException)
        {
            problems.Add($"{path}: '{text}' is not a priority (expected P1 to P99).");
            return null;
        }
    }

    private static void ReadBool(IConfiguration section, string key, List<string> problems, Action<bool> set)
    {
        var value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return;
        }

        if (bool.TryParse(text, out var parsed))
        {
            set(parsed);
        }
        else
        {
            problems.Add($"{value.Path}: '{text}' is not true or false.");
        }
    }

    private static void ReadInt(IConfiguration section, string key, List<string> problems, Action<int> set)
    {
        var value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            set(parsed);
        }
        else
        {
            problems.Add($"{value.Path}: '{text}' is not a whole number.");
        }
    }

    private static void ReadTimeSpan(IConfiguration section, string key, List<string> problems, Action<TimeSpan> set)
    {
        var value = section.GetSection(key);
        if (value.Value is not { } text)
        {
            return;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
        {
            set(parsed);
        }
        else
        {
            problems.Add($"{value.Path}: '{text}' is not a time span such as \"00:00:05\" or \"3.00:00:00\".");
        }
    }
}
