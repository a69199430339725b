using System.Text.Json;
using IncidentKit.Categories;
using IncidentKit.Configuration;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Reads the JSON shape documented on <see cref="SlaPolicySet"/> through the configuration model (<see cref="SlaPolicySetConfiguration"/>).</summary>
internal static class SlaPolicyJson
{
    private const string Subject = "SLA policy set";

    public static SlaPolicySet Parse(string json)
    {
        var problems = new ConfigurationProblems();
        using JsonDocument? document = ConfigurationReader.Parse(json, problems, out _);
        var configuration = document is null ? null : ConfigurationReader.Read(document.RootElement, ConfigurationJsonContext.Default.SlaPolicySetConfiguration, problems);
        var set = configuration is null ? null : FromConfiguration(configuration, "$", problems);
        return problems.Count > 0 || set is null ? throw new ConfigurationValidationException(Subject, problems.Lines()) : set;
    }

    // The validation pass: turns the configuration record into a policy set, adding every problem with its JSON path.
    internal static SlaPolicySet? FromConfiguration(SlaPolicySetConfiguration configuration, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        var builder = new SlaPolicySetBuilder();
        if (configuration.Policies is not { Count: > 0 } policies)
        {
            problems.Add($"{path}.policies", ": expected a non-empty array of policies.");
            return null;
        }

        int fallbacks = 0;
        for (int index = 0; index < policies.Count; index++)
        {
            string at = $"{path}.policies[{index}]";
            if (policies[index] is not { } element)
            {
                continue;
            }

            var policy = ParsePolicy(element, at, problems);
            if (element.When is { } when)
            {
                var condition = ParseCondition(when, at + ".when", problems);
                if (policy is not null && condition is not null)
                {
                    builder.Add(condition, policy);
                }
            }
            else if (++fallbacks > 1)
            {
                problems.Add(at, ": a second policy without \"when\"; exactly one policy is the fallback.");
            }
            else if (policy is not null)
            {
                builder.SetFallback(policy);
            }
        }

        if (fallbacks == 0)
        {
            problems.Add($"{path}.policies", ": no policy without \"when\"; exactly one policy is the fallback.");
        }

        return problems.Count > before ? null : builder.Build();
    }

    private static SlaPolicy? ParsePolicy(SlaPolicyConfiguration element, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        if (string.IsNullOrEmpty(element.Name))
        {
            problems.Add($"{path}.name", ": expected the policy's name as a string.");
        }

        var builder = new SlaPolicyBuilder(element.Name ?? "?");
        if (!string.IsNullOrEmpty(element.Calendar))
        {
            builder.SetDefaultCalendar(element.Calendar);
        }

        if (element.Reopen is { } mode)
        {
            builder.SetReopenMode(mode);
        }

        if (element.Targets is not { } targets)
        {
            problems.Add($"{path}.targets", ": expected an object of priorities, e.g. { \"P1\": { \"response\": \"15m\", \"resolution\": \"4h\" } }.");
        }
        else
        {
            foreach (var (name, byKind) in targets)
            {
                string at = $"{path}.targets.{name}";
                if (!TryPriority(name, out Priority priority, out string? problem))
                {
                    problems.Add(at, $": {problem}");
                    continue;
                }

                foreach (var (kind, target) in Kinds(byKind?.Response, byKind?.Resolution, byKind?.Update))
                {
                    string kindPath = $"{at}.{Name(kind)}";
                    if (target is null)
                    {
                        continue;
                    }

                    if (target.Within is not { Length: > 0 } within)
                    {
                        problems.Add($"{kindPath}.within", ": missing; expected a duration such as \"4h\" or \"PT4H\".");
                    }
                    else if (SlaDurationText.TryParse(within, out Duration duration, out string why))
                    {
                        builder.SetTarget(priority, kind, duration, string.IsNullOrEmpty(target.Calendar) ? null : target.Calendar);
                    }
                    else
                    {
                        problems.Add($"{kindPath}.within", $": {why}.");
                    }
                }
            }
        }

        foreach (var (kind, warnings) in Kinds(element.Warnings?.Response, element.Warnings?.Resolution, element.Warnings?.Update))
        {
            if (warnings is not null)
            {
                builder.SetWarnings(kind, [.. warnings]);
            }
        }

        foreach (var (kind, states) in Kinds(element.PausedBy?.Response, element.PausedBy?.Resolution, element.PausedBy?.Update))
        {
            if (states is not null)
            {
                builder.SetPausingStates(kind, [.. states]);
            }
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
            foreach (string error in ex.Errors)
            {
                problems.Add(path, $": {error}");
            }

            return null;
        }
    }

    private static SlaPolicyCondition? ParseCondition(SlaConditionConfiguration when, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        var priorities = new List<Priority>();
        var texts = when.Priorities ?? [];
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                continue;
            }

            if (TryPriority(texts[i], out Priority priority, out string? problem))
            {
                priorities.Add(priority);
            }
            else
            {
                problems.Add($"{path}.priorities[{i}]", $": {problem}");
            }
        }

        CategoryPath? category = null;
        if (when.Category is { } categoryText)
        {
            try
            {
                category = new CategoryPath(categoryText);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}.category", $": '{categoryText}' is not a category path such as \"network/wan\".");
            }
        }

        TenantId? tenant = null;
        if (when.Tenant is { } tenantText)
        {
            try
            {
                tenant = new TenantId(tenantText);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}.tenant", $": '{tenantText}' is not a tenant id (1 to 128 characters).");
            }
        }

        // An empty condition matches every incident and would silently take the fallback's place: one rule for every reader.
        if (priorities.Count == 0 && category is null && tenant is null && problems.Count == before)
        {
            problems.Add(path, ": an empty condition matches every incident; give priorities, a category or a tenant, or leave \"when\" out for the fallback policy.");
        }

        return problems.Count > before ? null : new SlaPolicyCondition { Priorities = priorities, Category = category, Tenant = tenant };
    }

    private static (SlaTargetKind Kind, T? Value)[] Kinds<T>(T? response, T? resolution, T? update)
        where T : class =>
        [(SlaTargetKind.Response, response), (SlaTargetKind.Resolution, resolution), (SlaTargetKind.Update, update)];

    internal static bool TryPriority(string text, out Priority priority, out string? problem)
    {
        try
        {
            priority = Priority.Parse(text);
            problem = null;
            return true;
        }
        catch (FormatException ex)
        {
            priority = default;
            problem = ex.Message;
            return false;
        }
    }

    private static string Name(SlaTargetKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}
