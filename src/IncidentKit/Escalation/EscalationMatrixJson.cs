using System.Text.Json;
using IncidentKit.Categories;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;
using static IncidentKit.ConfigurationJson;

namespace IncidentKit.Escalation;

/// <summary>Reads the JSON shapes documented on <see cref="EscalationMatrix.FromJson(string)"/> and <see cref="EscalationDirectory.FromJson(string)"/>.</summary>
internal static class EscalationMatrixJson
{
    private const string MatrixSubject = "escalation matrix";
    private const string DirectorySubject = "escalation directory";
    private static readonly string[] MatrixProperties = ["policies", "rules", "fallback"];
    private static readonly string[] PolicyProperties = ["id", "name", "version", "levels", "repeat", "fallback"];
    private static readonly string[] LevelProperties = ["kind", "delay", "targets", "jumpTo", "allowZeroDelay"];
    private static readonly string[] RepeatProperties = ["times", "forever", "from"];
    private static readonly string[] RuleProperties = ["name", "policy", "priorityAtLeast", "categoryWithin", "complexityAtLeast", "startLevel", "notifyHierarchicalAtOnce"];
    private static readonly string[] FallbackProperties = ["policy", "startLevel"];
    private static readonly string[] DirectoryProperties = ["teams", "roles"];

    public static EscalationMatrix ParseMatrix(string json)
    {
        using var document = Parse(json, MatrixSubject);
        var problems = new List<string>();
        var matrix = ReadMatrix(document.RootElement, "$", problems);
        return problems.Count > 0 || matrix is null ? throw new ConfigurationValidationException(MatrixSubject, problems) : matrix;
    }

    public static EscalationDirectory ParseDirectory(string json)
    {
        using var document = Parse(json, DirectorySubject);
        var problems = new List<string>();
        var directory = ReadDirectory(document.RootElement, "$", problems);
        return problems.Count > 0 || directory is null ? throw new ConfigurationValidationException(DirectorySubject, problems) : directory;
    }

    private static EscalationMatrix? ReadMatrix(JsonElement root, string path, List<string> problems)
    {
        if (!ExpectObject(root, path, "{ \"policies\": [...], \"rules\": [...], \"fallback\": \"policy-id\" }", problems))
        {
            return null;
        }

        CheckProperties(root, path, MatrixProperties, problems);
        var policies = new Dictionary<string, EscalationPolicy>(StringComparer.Ordinal);
        var policyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        bool policiesComplete = true;
        if (!TryGetGiven(root, "policies", out JsonElement policiesElement))
        {
            problems.Add($"{path}.policies: required (a non-empty array of policies).");
        }
        else if (ReadArray(policiesElement, path + ".policies", "an array of policies", problems) is { } items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                string at = $"{path}.policies[{i}]";
                var (id, policy) = ReadPolicy(items[i], at, problems);
                policiesComplete &= policy is not null;
                if (id is null)
                {
                    continue;
                }

                if (policyPaths.TryGetValue(id, out string? first))
                {
                    problems.Add($"{at}.id: '{id}' is already the id of {first}; policy ids are unique.");
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
        if (TryGetGiven(root, "rules", out JsonElement rulesElement)
            && ReadArray(rulesElement, path + ".rules", "an array of rules", problems) is { } rules)
        {
            for (int i = 0; i < rules.Count; i++)
            {
                ReadRule(rules[i], $"{path}.rules[{i}]", policies, policyPaths, builder, problems);
            }
        }

        if (!TryGetGiven(root, "fallback", out JsonElement fallback))
        {
            problems.Add($"{path}.fallback: required (the id of the policy used when no rule applies, or {{ \"policy\": ..., \"startLevel\": ... }}).");
        }
        else
        {
            ReadFallback(fallback, path + ".fallback", policies, policyPaths, builder, problems);
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
            problems.AddRange(ex.Errors.Select(e => $"{path}: {e}"));
            return null;
        }
    }

    private static (string? Id, EscalationPolicy? Policy) ReadPolicy(JsonElement element, string path, List<string> problems)
    {
        if (!ExpectObject(element, path, "a policy object with \"id\" and \"levels\"", problems))
        {
            return (null, null);
        }

        int before = problems.Count;
        CheckProperties(element, path, PolicyProperties, problems);
        string? id = ReadRequiredText(element, "id", path, "a policy id such as \"standard\"", problems);
        if (id is { Length: > 200 })
        {
            problems.Add($"{path}.id: a policy id has at most 200 characters.");
            id = null;
        }

        string? name = TryGetGiven(element, "name", out JsonElement n) ? ReadText(n, path + ".name", "a display name", problems) : id;
        int? version = TryGetGiven(element, "version", out JsonElement v) ? ReadInt(v, path + ".version", 1, int.MaxValue, problems) : 1;
        var levels = new List<EscalationLevel>();
        if (!TryGetGiven(element, "levels", out JsonElement levelsElement))
        {
            problems.Add($"{path}.levels: required (a non-empty array of levels).");
        }
        else if (ReadArray(levelsElement, path + ".levels", "an array of levels", problems) is { } items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (ReadLevel(items[i], $"{path}.levels[{i}]", problems) is { } level)
                {
                    levels.Add(level);
                }
            }
        }

        EscalationRepeat repeat = TryGetGiven(element, "repeat", out JsonElement r) ? ReadRepeat(r, path + ".repeat", problems) : EscalationRepeat.None;
        var fallback = TryGetGiven(element, "fallback", out JsonElement f) ? ReadTargets(f, path + ".fallback", problems) : [];
        if (problems.Count > before || id is null)
        {
            return (id, null);
        }

        var builder = new EscalationPolicyBuilder(id, name!) { Version = version!.Value, Repeat = repeat }.UseFallback([.. fallback]);
        levels.ForEach(l => builder.AddLevel(l));
        try
        {
            return (id, builder.Build());
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{path}: {e}"));
            return (id, null);
        }
    }

    private static EscalationLevel? ReadLevel(JsonElement element, string path, List<string> problems)
    {
        if (!ExpectObject(element, path, "a level object with \"delay\" and \"targets\"", problems))
        {
            return null;
        }

        int before = problems.Count;
        CheckProperties(element, path, LevelProperties, problems);
        var kind = EscalationKind.Functional;
        if (TryGetGiven(element, "kind", out JsonElement k))
        {
            string? text = ReadText(k, path + ".kind", "\"functional\" or \"hierarchical\"", problems);
            if (text is not null && !(Enum.TryParse(text, ignoreCase: true, out kind) && Enum.IsDefined(kind) && !char.IsAsciiDigit(text[0])))
            {
                problems.Add($"{path}.kind: unknown kind '{text}' (expected functional or hierarchical).");
            }
        }

        Duration? delay = null;
        if (!TryGetGiven(element, "delay", out JsonElement d))
        {
            problems.Add($"{path}.delay: required (a duration such as \"5m\" or \"PT5M\").");
        }
        else if (d.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{path}.delay: expected a duration such as \"5m\" or \"PT5M\", found {Describe(d)}.");
        }
        else if (SlaDurationText.TryParse(d.GetString()!, out Duration parsed, out string problem, allowDays: true))
        {
            delay = parsed;
        }
        else
        {
            problems.Add($"{path}.delay: {problem}.");
        }

        var targets = TryGetGiven(element, "targets", out JsonElement t) ? ReadTargets(t, path + ".targets", problems) : [];

        int? jumpTo = TryGetGiven(element, "jumpTo", out JsonElement j) ? ReadInt(j, path + ".jumpTo", 1, 64, problems) : null;
        bool? allowZero = TryGetGiven(element, "allowZeroDelay", out JsonElement z) ? ReadBool(z, path + ".allowZeroDelay", problems) : false;
        return problems.Count > before ? null : new EscalationLevel(targets, delay!.Value, kind, jumpTo, allowZero!.Value);
    }

    private static List<EscalationTarget> ReadTargets(JsonElement element, string path, List<string> problems)
    {
        var targets = new List<EscalationTarget>();
        if (ReadArray(element, path, "an array such as [\"schedule:dba-primary\", \"team:dba\", \"role:incident-commander\", \"user:alice\"]", problems) is { } items)
        {
            for (int i = 0; i < items.Count; i++)
            {
                if (ReadText(items[i], $"{path}[{i}]", "a target such as \"schedule:dba-primary\"", problems) is { } text
                    && ReadTarget(text, $"{path}[{i}]", problems) is { } target)
                {
                    targets.Add(target);
                }
            }
        }

        return targets;
    }

    private static EscalationTarget? ReadTarget(string text, string path, List<string> problems)
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
            problems.Add($"{path}: '{text}' is not a target; expected \"user:<id>\", \"team:<name>\", \"schedule:<id>\" or \"role:<name>\" with a name of 1 to 200 characters.");
            return null;
        }

        return new EscalationTarget(kind.Value, value);
    }

    private static EscalationRepeat ReadRepeat(JsonElement element, string path, List<string> problems)
    {
        if (!ExpectObject(element, path, "{ \"times\": 2, \"from\": 1 } or { \"forever\": true, \"from\": 1 }", problems))
        {
            return EscalationRepeat.None;
        }

        CheckProperties(element, path, RepeatProperties, problems);
        int before = problems.Count;
        int? from = TryGetGiven(element, "from", out JsonElement f) ? ReadInt(f, path + ".from", 1, 64, problems) : 1;
        bool? forever = TryGetGiven(element, "forever", out JsonElement fe) ? ReadBool(fe, path + ".forever", problems) : false;
        bool hasTimes = TryGetGiven(element, "times", out JsonElement t);
        int? times = hasTimes ? ReadInt(t, path + ".times", 0, 1000, problems) : 0;
        if (problems.Count > before)
        {
            return EscalationRepeat.None;
        }

        if (forever == true && hasTimes)
        {
            problems.Add($"{path}: give either \"times\" or \"forever\": true, not both.");
            return EscalationRepeat.None;
        }

        if (forever != true && !hasTimes)
        {
            problems.Add($"{path}: expected \"times\" (further rounds after the first) or \"forever\": true.");
            return EscalationRepeat.None;
        }

        return forever == true ? EscalationRepeat.Forever(from!.Value) : EscalationRepeat.Times(times!.Value, from!.Value);
    }

    private static void ReadRule(JsonElement element, string path, Dictionary<string, EscalationPolicy> policies, Dictionary<string, string> policyPaths,
        EscalationMatrixBuilder builder, List<string> problems)
    {
        if (!ExpectObject(element, path, "a rule object with \"name\" and \"policy\"", problems))
        {
            return;
        }

        int before = problems.Count;
        CheckProperties(element, path, RuleProperties, problems);
        string? name = ReadRequiredText(element, "name", path, "a rule name such as \"p1-security\"", problems);
        var policy = ReadPolicyReference(element, path, policies, policyPaths, problems, out bool policyFailed);
        Priority? priority = null;
        if (TryGetGiven(element, "priorityAtLeast", out JsonElement p) && ReadText(p, path + ".priorityAtLeast", "a priority such as \"P1\"", problems) is { } pText)
        {
            try
            {
                priority = Priority.Parse(pText);
            }
            catch (FormatException ex)
            {
                problems.Add($"{path}.priorityAtLeast: {ex.Message}");
            }
        }

        CategoryPath? category = null;
        if (TryGetGiven(element, "categoryWithin", out JsonElement c) && ReadText(c, path + ".categoryWithin", "a category path such as \"Security\"", problems) is { } cText)
        {
            try
            {
                category = new CategoryPath(cText);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}.categoryWithin: '{cText}' is not a category path (1 to 8 segments of at most 64 characters separated by '/', e.g. \"Security/Phishing\").");
            }
        }

        Complexity? complexity = null;
        if (TryGetGiven(element, "complexityAtLeast", out JsonElement x) && ReadText(x, path + ".complexityAtLeast", "a complexity", problems) is { } xText)
        {
            if (Enum.TryParse(xText, ignoreCase: true, out Complexity parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(xText[0]))
            {
                complexity = parsed;
            }
            else
            {
                problems.Add($"{path}.complexityAtLeast: unknown complexity '{xText}' (expected simple, standard, complex or major).");
            }
        }

        int? startLevel = TryGetGiven(element, "startLevel", out JsonElement s) ? ReadInt(s, path + ".startLevel", 1, 64, problems) : 1;
        bool? atOnce = TryGetGiven(element, "notifyHierarchicalAtOnce", out JsonElement h) ? ReadBool(h, path + ".notifyHierarchicalAtOnce", problems) : false;
        if (problems.Count == before && !policyFailed && policy is not null)
        {
            builder.AddRule(name!, policy, priority, category, complexity, startLevel!.Value, atOnce!.Value);
        }
    }

    private static void ReadFallback(JsonElement element, string path, Dictionary<string, EscalationPolicy> policies, Dictionary<string, string> policyPaths,
        EscalationMatrixBuilder builder, List<string> problems)
    {
        int before = problems.Count;
        EscalationPolicy? policy;
        bool policyFailed;
        int? startLevel = 1;
        if (element.ValueKind == JsonValueKind.Object)
        {
            CheckProperties(element, path, FallbackProperties, problems);
            policy = ReadPolicyReference(element, path, policies, policyPaths, problems, out policyFailed);
            if (TryGetGiven(element, "startLevel", out JsonElement s))
            {
                startLevel = ReadInt(s, path + ".startLevel", 1, 64, problems);
            }
        }
        else
        {
            policy = ResolvePolicy(ReadText(element, path, "a policy id or { \"policy\": ..., \"startLevel\": ... }", problems), path, policies, policyPaths, problems, out policyFailed);
        }

        if (problems.Count == before && !policyFailed && policy is not null)
        {
            builder.UseFallback(policy, startLevel!.Value);
        }
    }

    private static EscalationPolicy? ReadPolicyReference(JsonElement element, string path, Dictionary<string, EscalationPolicy> policies,
        Dictionary<string, string> policyPaths, List<string> problems, out bool policyFailed)
    {
        string? id = ReadRequiredText(element, "policy", path, "the id of a policy under \"policies\"", problems);
        return ResolvePolicy(id, path + ".policy", policies, policyPaths, problems, out policyFailed);
    }

    // A reference to a policy that exists but failed to parse is not reported again: the policy's own problems say why.
    private static EscalationPolicy? ResolvePolicy(string? id, string path, Dictionary<string, EscalationPolicy> policies,
        Dictionary<string, string> policyPaths, List<string> problems, out bool policyFailed)
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
            problems.Add($"{path}: no policy has the id '{id}' (known: {(policyPaths.Count == 0 ? "none" : string.Join(", ", policyPaths.Keys))}).");
        }

        return null;
    }

    private static EscalationDirectory? ReadDirectory(JsonElement root, string path, List<string> problems)
    {
        if (!ExpectObject(root, path, "{ \"teams\": { \"dba\": [\"bob\"] }, \"roles\": { \"incident-commander\": [\"dave\"] } }", problems))
        {
            return null;
        }

        CheckProperties(root, path, DirectoryProperties, problems);
        var directory = new EscalationDirectory();
        foreach (string section in new[] { "teams", "roles" })
        {
            if (!TryGetGiven(root, section, out JsonElement map))
            {
                continue;
            }

            if (!ExpectObject(map, $"{path}.{section}", section == "teams" ? "an object of team names to arrays of user ids" : "an object of role names to arrays of user ids (or to objects of service names to arrays)", problems))
            {
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                string at = $"{path}.{section}.{entry.Name}";
                if (entry.Name.Trim().Length is 0 or > 200)
                {
                    problems.Add($"{at}: a {section[..^1]} name has 1 to 200 characters.");
                    continue;
                }

                if (!seen.Add(entry.Name))
                {
                    problems.Add($"{at}: the {section[..^1]} is given more than once.");
                    continue;
                }

                if (section == "roles" && entry.Value.ValueKind == JsonValueKind.Object)
                {
                    // A role held per service: { "service-owner-manager": { "*": ["dave"], "orders-db": ["erin"] } }.
                    foreach (JsonProperty byService in entry.Value.EnumerateObject())
                    {
                        string serviceAt = $"{at}.{byService.Name}";
                        if (byService.Name.Trim().Length == 0)
                        {
                            problems.Add($"{serviceAt}: expected a service name, or \"*\" for every service.");
                        }
                        else if (ReadUsers(byService.Value, serviceAt, problems) is { } holders)
                        {
                            directory = directory.WithRole(entry.Name, holders, byService.Name == "*" ? null : byService.Name);
                        }
                    }

                    continue;
                }

                if (ReadUsers(entry.Value, at, problems) is { } users)
                {
                    directory = section == "teams" ? directory.WithTeam(entry.Name, [.. users]) : directory.WithRole(entry.Name, users);
                }
            }
        }

        return directory;
    }

    private static List<UserId>? ReadUsers(JsonElement value, string path, List<string> problems)
    {
        if (IsAbsent(value))
        {
            problems.Add($"{path}: expected a non-empty array of user ids.");
            return null;
        }

        if (ReadArray(value, path, "a non-empty array of user ids", problems) is not { } items)
        {
            return null;
        }

        var users = new List<UserId>();
        for (int i = 0; i < items.Count; i++)
        {
            if (ReadText(items[i], $"{path}[{i}]", "a user id", problems) is { } text)
            {
                if (text.Length > 256)
                {
                    problems.Add($"{path}[{i}]: a user id has at most 256 characters.");
                }
                else
                {
                    users.Add(new UserId(text));
                }
            }
        }

        return users.Count == items.Count ? users : null;
    }
}
