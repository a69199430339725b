using System.Text.Json;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Reads the JSON shape documented on <see cref="SlaPolicySet"/>, reporting every problem by JSON path.</summary>
internal static class SlaPolicyJson
{
    private const string Subject = "SLA policy set";
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly string[] PolicyProperties = ["name", "when", "calendar", "targets", "warnings", "pausedBy", "reopen"];
    private static readonly string[] WhenProperties = ["priorities", "category", "tenant"];
    private static readonly string[] TargetProperties = ["within", "calendar"];

    public static SlaPolicySet Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationValidationException(Subject, [$"$: malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}"]);
        }

        using (document)
        {
            var problems = new List<string>();
            var builder = new SlaPolicySetBuilder();
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"$: expected {{ \"policies\": [...] }}, found {root.ValueKind}.");
            }
            else
            {
                CheckProperties(root, "$", ["policies"], problems);
                if (!root.TryGetProperty("policies", out var policies) || policies.ValueKind != JsonValueKind.Array || policies.GetArrayLength() == 0)
                {
                    problems.Add("$.policies: expected a non-empty array of policies.");
                }
                else
                {
                    int index = 0, fallbacks = 0;
                    foreach (var element in policies.EnumerateArray())
                    {
                        string path = $"$.policies[{index++}]";
                        if (element.ValueKind != JsonValueKind.Object)
                        {
                            problems.Add($"{path}: expected a policy object, found {element.ValueKind}.");
                            continue;
                        }

                        var policy = ParsePolicy(element, path, problems);
                        if (element.TryGetProperty("when", out var when))
                        {
                            var condition = ParseCondition(when, path + ".when", problems);
                            if (policy is not null && condition is not null)
                            {
                                builder.Add(condition, policy);
                            }
                        }
                        else
                        {
                            fallbacks++;
                            if (fallbacks > 1)
                            {
                                problems.Add($"{path}: a second policy without \"when\"; exactly one policy is the fallback.");
                            }
                            else if (policy is not null)
                            {
                                builder.SetFallback(policy);
                            }
                        }
                    }

                    if (fallbacks == 0)
                    {
                        problems.Add("$.policies: no policy without \"when\"; exactly one policy is the fallback.");
                    }
                }
            }

            if (problems.Count > 0)
            {
                throw new ConfigurationValidationException(Subject, problems);
            }

            return builder.Build();
        }
    }

    private static SlaPolicy? ParsePolicy(JsonElement element, string path, List<string> problems)
    {
        int before = problems.Count;
        CheckProperties(element, path, PolicyProperties, problems);
        string? name = element.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
        if (name is null)
        {
            problems.Add($"{path}.name: expected the policy's name as a string.");
        }

        var builder = new SlaPolicyBuilder(name ?? "?");
        if (element.TryGetProperty("calendar", out var calendar))
        {
            builder.SetDefaultCalendar(ReadCalendar(calendar, path + ".calendar", problems));
        }

        if (element.TryGetProperty("reopen", out var reopen))
        {
            if (reopen.ValueKind == JsonValueKind.String && Enum.TryParse<SlaReopenMode>(reopen.GetString(), ignoreCase: true, out var mode) && Enum.IsDefined(mode))
            {
                builder.SetReopenMode(mode);
            }
            else
            {
                problems.Add($"{path}.reopen: expected \"restart\" or \"continue\", found {reopen}.");
            }
        }

        if (!element.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}.targets: expected an object of priorities, e.g. {{ \"P1\": {{ \"response\": \"15m\", \"resolution\": \"4h\" }} }}.");
        }
        else
        {
            foreach (var byPriority in targets.EnumerateObject())
            {
                string at = $"{path}.targets.{byPriority.Name}";
                Priority priority;
                try
                {
                    priority = Priority.Parse(byPriority.Name);
                }
                catch (FormatException ex)
                {
                    problems.Add($"{at}: {ex.Message}");
                    continue;
                }

                if (byPriority.Value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{at}: expected {{ \"response\": ..., \"resolution\": ..., \"update\": ... }}.");
                    continue;
                }

                foreach (var byKind in byPriority.Value.EnumerateObject())
                {
                    string kindPath = $"{at}.{byKind.Name}";
                    if (!TryKind(byKind.Name, kindPath, problems, out var kind))
                    {
                        continue;
                    }

                    ParseTarget(byKind.Value, kindPath, problems, out var within, out var targetCalendar);
                    if (within is { } w)
                    {
                        builder.SetTarget(priority, kind, w, targetCalendar);
                    }
                }
            }
        }

        if (element.TryGetProperty("warnings", out var warnings))
        {
            ForEachKind(warnings, $"{path}.warnings", problems, (kind, value, at) =>
            {
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out _)))
                {
                    problems.Add($"{at}: expected an array of whole percentages, e.g. [50, 75, 90].");
                    return;
                }

                builder.SetWarnings(kind, [.. value.EnumerateArray().Select(v => v.GetInt32())]);
            });
        }

        if (element.TryGetProperty("pausedBy", out var pausedBy))
        {
            ForEachKind(pausedBy, $"{path}.pausedBy", problems, (kind, value, at) =>
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{at}: expected an array of states, e.g. [\"onHold\"].");
                    return;
                }

                var states = new List<IncidentState>();
                foreach (var s in value.EnumerateArray())
                {
                    if (s.ValueKind == JsonValueKind.String && Enum.TryParse<IncidentState>(s.GetString(), ignoreCase: true, out var state) && Enum.IsDefined(state))
                    {
                        states.Add(state);
                    }
                    else
                    {
                        problems.Add($"{at}: {s.GetRawText()} is not an incident state (new, acknowledged, inProgress, onHold).");
                    }
                }

                builder.SetPausingStates(kind, [.. states]);
            });
        }

        if (problems.Count > before)
        {
            return null;
        }

        try
        {
            return builder.Build();
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{path}: {e}"));
            return null;
        }
    }

    private static void ParseTarget(JsonElement value, string path, List<string> problems, out Duration? within, out string? calendar)
    {
        within = null;
        calendar = null;
        JsonElement durationElement = value;
        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckProperties(value, path, TargetProperties, problems);
            if (value.TryGetProperty("calendar", out var c))
            {
                calendar = ReadCalendar(c, path + ".calendar", problems);
            }

            if (!value.TryGetProperty("within", out durationElement))
            {
                problems.Add($"{path}.within: missing; expected a duration such as \"4h\" or \"PT4H\".");
                return;
            }

            path += ".within";
        }

        if (durationElement.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}: expected a duration such as \"4h\" or \"PT4H\" (or {{ \"within\": ..., \"calendar\": ... }}), found {durationElement.ValueKind}.");
            return;
        }

        if (SlaDurationText.TryParse(durationElement.GetString()!, out var d, out var problem))
        {
            within = d;
        }
        else
        {
            problems.Add($"{path}: {problem}.");
        }
    }

    private static SlaPolicyCondition? ParseCondition(JsonElement when, string path, List<string> problems)
    {
        if (when.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected {{ \"priorities\": [...], \"category\": ..., \"tenant\": ... }}, found {when.ValueKind}.");
            return null;
        }

        int before = problems.Count;
        CheckProperties(when, path, WhenProperties, problems);
        var priorities = new List<Priority>();
        if (when.TryGetProperty("priorities", out var ps))
        {
            if (ps.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{path}.priorities: expected an array such as [\"P1\", \"P2\"].");
            }
            else
            {
                foreach (var p in ps.EnumerateArray())
                {
                    try
                    {
                        priorities.Add(Priority.Parse(p.ValueKind == JsonValueKind.String ? p.GetString()! : p.GetRawText()));
                    }
                    catch (FormatException ex)
                    {
                        problems.Add($"{path}.priorities: {ex.Message}");
                    }
                }
            }
        }

        CategoryPath? category = null;
        if (when.TryGetProperty("category", out var cat))
        {
            try
            {
                category = new CategoryPath(cat.ValueKind == JsonValueKind.String ? cat.GetString()! : string.Empty);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}.category: {cat} is not a category path such as \"network/wan\".");
            }
        }

        TenantId? tenant = null;
        if (when.TryGetProperty("tenant", out var ten))
        {
            try
            {
                tenant = new TenantId(ten.ValueKind == JsonValueKind.String ? ten.GetString()! : string.Empty);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}.tenant: {ten} is not a tenant id (1 to 128 characters).");
            }
        }

        return problems.Count > before ? null : new SlaPolicyCondition { Priorities = priorities, Category = category, Tenant = tenant };
    }

    private static string? ReadCalendar(JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add($"{path}: expected a calendar name, or null for 24x7.");
            return null;
        }

        return value.GetString();
    }

    private static void ForEachKind(JsonElement element, string path, List<string> problems, Action<SlaTargetKind, JsonElement, string> action)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object keyed by \"response\", \"resolution\" or \"update\".");
            return;
        }

        foreach (var property in element.EnumerateObject())
        {
            string at = $"{path}.{property.Name}";
            if (TryKind(property.Name, at, problems, out var kind))
            {
                action(kind, property.Value, at);
            }
        }
    }

    private static bool TryKind(string name, string path, List<string> problems, out SlaTargetKind kind)
    {
        if (Enum.TryParse(name, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !char.IsAsciiDigit(name[0]))
        {
            return true;
        }

        problems.Add($"{path}: unknown target \"{name}\"; expected response, resolution or update.");
        return false;
    }

    private static void CheckProperties(JsonElement element, string path, string[] allowed, List<string> problems)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                problems.Add($"{path}.{property.Name}: unknown property; expected one of {string.Join(", ", allowed)}.");
            }
        }
    }
}
