using System.Text.Json;
using IncidentKit.Categories;
using IncidentKit.Configuration;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Escalation;

/// <summary>Reads the JSON shapes documented on <see cref="EscalationMatrix.FromJson(string)"/> and <see cref="EscalationDirectory.FromJson(string)"/>
/// through the configuration model (<see cref="EscalationMatrixConfiguration"/>, <see cref="EscalationDirectoryConfiguration"/>).</summary>
internal static class EscalationMatrixJson
{
    private const string MatrixSubject = "escalation matrix";
    private const string DirectorySubject = "escalation directory";

    public static EscalationMatrix ParseMatrix(string json)
    {
        var problems = new ConfigurationProblems();
        using JsonDocument? document = ConfigurationReader.Parse(json, problems, out _);
        var configuration = document is null ? null : ConfigurationReader.Read(document.RootElement, ConfigurationJsonContext.Default.EscalationMatrixConfiguration, problems);
        var matrix = configuration is null ? null : FromConfiguration(configuration, "$", problems);
        return problems.Count > 0 || matrix is null ? throw new ConfigurationValidationException(MatrixSubject, problems.Lines()) : matrix;
    }

    public static EscalationDirectory ParseDirectory(string json)
    {
        var problems = new ConfigurationProblems();
        using JsonDocument? document = ConfigurationReader.Parse(json, problems, out _);
        var configuration = document is null ? null : ConfigurationReader.Read(document.RootElement, ConfigurationJsonContext.Default.EscalationDirectoryConfiguration, problems);
        var directory = configuration is null ? null : FromConfiguration(configuration, "$", problems);
        return problems.Count > 0 || directory is null ? throw new ConfigurationValidationException(DirectorySubject, problems.Lines()) : directory;
    }

    // The validation pass of the matrix: policies first (rules and the fallback refer to them), every problem with its JSON path.
    internal static EscalationMatrix? FromConfiguration(EscalationMatrixConfiguration root, string path, ConfigurationProblems problems)
    {
        var policies = new Dictionary<string, EscalationPolicy>(StringComparer.Ordinal);
        var policyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        bool policiesComplete = true;
        if (root.Policies is not { Count: > 0 } items)
        {
            problems.Add($"{path}.policies", ": required (a non-empty array of policies).");
        }
        else
        {
            for (int i = 0; i < items.Count; i++)
            {
                string at = $"{path}.policies[{i}]";
                var (id, policy) = items[i] is { } item ? ReadPolicy(item, at, problems) : (null, null);
                policiesComplete &= policy is not null;
                if (id is null)
                {
                    continue;
                }

                if (policyPaths.TryGetValue(id, out string? first))
                {
                    problems.Add($"{at}.id", $": '{id}' is already the id of {first}; policy ids are unique.");
                }
                else
                {
                    policyPaths[id] = at;
                    if (policy is not null)
                    {
                        policies[id] = policy;
                    }
                }
            }
        }

        var builder = new EscalationMatrixBuilder();
        int before = problems.Count;
        var rules = root.Rules ?? [];
        for (int i = 0; i < rules.Count; i++)
        {
            if (rules[i] is { } rule)
            {
                ReadRule(rule, $"{path}.rules[{i}]", policies, policyPaths, builder, problems);
            }
        }

        if (root.Fallback is not { } fallback)
        {
            problems.Add($"{path}.fallback", ": required (the id of the policy used when no rule applies, or { \"policy\": ..., \"startLevel\": ... }).");
        }
        else
        {
            var policy = ResolvePolicy(Required(fallback.Policy, $"{path}.fallback.policy", "the id of a policy under \"policies\"", problems),
                $"{path}.fallback.policy", policies, policyPaths, problems, out bool policyFailed);
            if (!policyFailed && policy is not null)
            {
                builder.UseFallback(policy, fallback.StartLevel);
            }
        }

        if (problems.Count > before || !policiesComplete)
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

    private static (string? Id, EscalationPolicy? Policy) ReadPolicy(EscalationPolicyConfiguration element, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        string? id = Required(element.Id, $"{path}.id", "a policy id such as \"standard\"", problems);
        if (id is { Length: > 200 })
        {
            problems.Add($"{path}.id", ": a policy id has at most 200 characters.");
            id = null;
        }

        string? name = string.IsNullOrEmpty(element.Name) ? id : Required(element.Name, $"{path}.name", "a display name", problems);
        var levels = new List<EscalationLevel>();
        if (element.Levels is not { Count: > 0 } items)
        {
            problems.Add($"{path}.levels", ": required (a non-empty array of levels).");
        }
        else
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item && ReadLevel(item, $"{path}.levels[{i}]", problems) is { } level)
                {
                    levels.Add(level);
                }
            }
        }

        EscalationRepeat repeat = element.Repeat is { } r ? ReadRepeat(r, path + ".repeat", problems) : EscalationRepeat.None;
        var fallback = ReadTargets(element.Fallback, path + ".fallback", problems);
        if (problems.Count > before || id is null)
        {
            return (id, null);
        }

        var builder = new EscalationPolicyBuilder(id, name!) { Version = element.Version, Repeat = repeat }.UseFallback([.. fallback]);
        levels.ForEach(l => builder.AddLevel(l));
        try
        {
            return (id, builder.Build());
        }
        catch (ConfigurationValidationException ex)
        {
            foreach (string error in ex.Errors)
            {
                problems.Add(path, $": {error}");
            }

            return (id, null);
        }
    }

    private static EscalationLevel? ReadLevel(EscalationLevelConfiguration element, string path, ConfigurationProblems problems)
    {
        int before = problems.Count;
        Duration? delay = null;
        if (Required(element.Delay, $"{path}.delay", "a duration such as \"5m\" or \"PT5M\"", problems) is { } text)
        {
            if (SlaDurationText.TryParse(text, out Duration parsed, out string problem, allowDays: true))
            {
                delay = parsed;
            }
            else
            {
                problems.Add($"{path}.delay", $": {problem}.");
            }
        }

        var targets = ReadTargets(element.Targets, path + ".targets", problems);
        return problems.Count > before ? null : new EscalationLevel(targets, delay!.Value, element.Kind, element.JumpTo, element.AllowZeroDelay);
    }

    private static List<EscalationTarget> ReadTargets(IReadOnlyList<string>? items, string path, ConfigurationProblems problems)
    {
        var targets = new List<EscalationTarget>();
        for (int i = 0; i < (items?.Count ?? 0); i++)
        {
            if (items![i] is { } text && ReadTarget(text, $"{path}[{i}]", problems) is { } target)
            {
                targets.Add(target);
            }
        }

        return targets;
    }

    private static EscalationTarget? ReadTarget(string text, string path, ConfigurationProblems problems)
    {
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string value = colon < 0 ? string.Empty : text[(colon + 1)..].Trim();
        EscalationTargetKind? kind = colon < 0 ? null : text[..colon].Trim().ToLowerInvariant() switch
        {
            "user" => EscalationTargetKind.User,
            "team" => EscalationTargetKind.Team,
            "schedule" => EscalationTargetKind.Schedule,
            "role" => EscalationTargetKind.Role,
            _ => null,
        };
        if (kind is null || value.Length is 0 or > 200)
        {
            problems.Add(path, $": '{text}' is not a target; expected \"user:<id>\", \"team:<name>\", \"schedule:<id>\" or \"role:<name>\" with a name of 1 to 200 characters.");
            return null;
        }

        try
        {
            return new EscalationTarget(kind.Value, value);
        }
        catch (ArgumentException ex)
        {
            // The target's own rules (control characters, ...) are the one source of truth; report them at the path.
            problems.Add(path, $": '{text}' is not a target ({ex.Message.Split(" (Parameter")[0]})");
            return null;
        }
    }

    private static EscalationRepeat ReadRepeat(EscalationRepeatConfiguration element, string path, ConfigurationProblems problems)
    {
        if (element.Forever && element.Times is not null)
        {
            problems.Add(path, ": give either \"times\" or \"forever\": true, not both.");
            return EscalationRepeat.None;
        }

        if (!element.Forever && element.Times is null)
        {
            problems.Add(path, ": expected \"times\" (further rounds after the first) or \"forever\": true.");
            return EscalationRepeat.None;
        }

        return element.Forever ? EscalationRepeat.Forever(element.From) : EscalationRepeat.Times(element.Times!.Value, element.From);
    }

    private static void ReadRule(EscalationRuleConfiguration element, string path, Dictionary<string, EscalationPolicy> policies, Dictionary<string, string> policyPaths,
        EscalationMatrixBuilder builder, ConfigurationProblems problems)
    {
        int before = problems.Count;
        string? name = Required(element.Name, $"{path}.name", "a rule name such as \"p1-security\"", problems);
        var policy = ResolvePolicy(Required(element.Policy, $"{path}.policy", "the id of a policy under \"policies\"", problems), $"{path}.policy",
            policies, policyPaths, problems, out bool policyFailed);
        Priority? priority = null;
        if (!string.IsNullOrEmpty(element.PriorityAtLeast))
        {
            if (SlaPolicyJson.TryPriority(element.PriorityAtLeast, out Priority parsed, out string? problem))
            {
                priority = parsed;
            }
            else
            {
                problems.Add($"{path}.priorityAtLeast", $": {problem}");
            }
        }

        CategoryPath? category = null;
        if (!string.IsNullOrEmpty(element.CategoryWithin))
        {
            try
            {
                category = new CategoryPath(element.CategoryWithin);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}.categoryWithin", $": '{element.CategoryWithin}' is not a category path (1 to 8 segments of at most 64 characters separated by '/', e.g. \"Security/Phishing\").");
            }
        }

        if (problems.Count == before && !policyFailed && policy is not null)
        {
            builder.AddRule(name!, policy, priority, category, element.ComplexityAtLeast, element.StartLevel, element.NotifyHierarchicalAtOnce);
        }
    }

    // A reference to a policy that exists but failed to parse is not reported again: the policy's own problems say why.
    private static EscalationPolicy? ResolvePolicy(string? id, string path, Dictionary<string, EscalationPolicy> policies,
        Dictionary<string, string> policyPaths, ConfigurationProblems problems, out bool policyFailed)
    {
        policyFailed = id is null;
        if (id is null)
        {
            return null;
        }

        if (policies.TryGetValue(id, out var policy))
        {
            return policy;
        }

        policyFailed = true;
        if (!policyPaths.ContainsKey(id))
        {
            problems.Add(path, $": no policy has the id '{id}' (known: {(policyPaths.Count == 0 ? "none" : string.Join(", ", policyPaths.Keys))}).");
        }

        return null;
    }

    // The validation pass of the directory.
    internal static EscalationDirectory? FromConfiguration(EscalationDirectoryConfiguration root, string path, ConfigurationProblems problems)
    {
        var directory = new EscalationDirectory();
        foreach (var (team, members) in root.Teams ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            string at = $"{path}.teams.{team}";
            if (Named(team, at, "team", problems) && ReadUsers(members, at, problems) is { } users)
            {
                directory = directory.WithTeam(team, [.. users]);
            }
        }

        foreach (var (role, byService) in root.Roles ?? new Dictionary<string, EscalationRoleConfiguration>())
        {
            string at = $"{path}.roles.{role}";
            if (!Named(role, at, "role", problems) || byService is null)
            {
                continue;
            }

            // A role held per service: { "service-owner-manager": { "*": ["dave"], "orders-db": ["erin"] } }.
            foreach (var (service, members) in byService)
            {
                string serviceAt = $"{at}.{service}";
                if (service.Trim().Length == 0)
                {
                    problems.Add(serviceAt, ": expected a service name, or \"*\" for every service.");
                }
                else if (ReadUsers(members, serviceAt, problems) is { } holders)
                {
                    directory = directory.WithRole(role, holders, service == "*" ? null : service);
                }
            }
        }

        return directory;
    }

    private static bool Named(string name, string path, string what, ConfigurationProblems problems)
    {
        if (name.Trim().Length is 0 or > 200)
        {
            problems.Add(path, $": a {what} name has 1 to 200 characters.");
            return false;
        }

        return true;
    }

    private static List<UserId>? ReadUsers(IReadOnlyList<string>? items, string path, ConfigurationProblems problems)
    {
        if (items is not { Count: > 0 })
        {
            problems.Add(path, ": expected a non-empty array of user ids.");
            return null;
        }

        var users = new List<UserId>();
        for (int i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } text)
            {
                continue;
            }

            if (text.Trim().Length == 0)
            {
                problems.Add($"{path}[{i}]", $": expected a user id, found \"{text}\".");
            }
            else if (text.Length > 256)
            {
                problems.Add($"{path}[{i}]", ": a user id has at most 256 characters.");
            }
            else
            {
                try
                {
                    users.Add(new UserId(text));
                }
                catch (ArgumentException ex)
                {
                    // The id's own rules (control characters, ...) are the one source of truth; report them at the path.
                    problems.Add($"{path}[{i}]", $": not a user id ({ex.Message.Split(" (Parameter")[0]})");
                }
            }
        }

        return users.Count == items.Count ? users : null;
    }

    // A required text: missing, null and "" are all "required" (configuration writes a null as "").
    private static string? Required(string? text, string path, string expected, ConfigurationProblems problems)
    {
        if (string.IsNullOrEmpty(text))
        {
            problems.Add(path, $": required ({expected}).");
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            problems.Add(path, $": expected {expected}, found \"{text}\".");
            return null;
        }

        return text;
    }
}
