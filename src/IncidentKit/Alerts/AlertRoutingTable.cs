using System.Text;
using Ardalis.GuardClauses;

namespace IncidentKit.Alerts;

/// <summary>Routes alerts by ordered label rules to a service, category, impact, urgency and escalation policy, or drops them.</summary>
/// <remarks>
/// <para>Build one with <see cref="Build"/>: every matcher is parsed and every regular expression compiled then, and all problems
/// are reported together. <see cref="Route"/> tries the rules in order; the first whose tenant and matchers all match decides,
/// and an alert no rule matches takes the fallback rule (no matchers, group by the sender's key, impact and urgency from the
/// severity).</para>
/// <para>Implementation note: routing runs once per received alert, so the rules are filed by their first equality matcher's
/// label and value: <see cref="Route"/> looks up the alert's value of each such label once and checks only the rules filed
/// under it and those without an equality matcher, in order, without allocating; and <see cref="GroupKey"/> builds the key on the stack and returns a kept string when the same key
/// (up to 256 characters) was asked for recently, so an alert of a known group allocates nothing here.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class AlertRoutingTable
{
    private const string AllLabels = "...";
    private const int MaxInternedLength = 256;
    private static readonly string?[] InternedKeys = new string?[4096];
    private readonly CompiledRoute[] _routes;
    private readonly CompiledRoute _fallback;

    // Rules with an equality matcher on a non-empty value, by that label's name and value (positions ascending); the rest in
    // _unfiled. A label the alert lacks reads as "", so only the rules filed under the alert's own value can pass that matcher.
    private readonly (string Name, Dictionary<string, int[]> ByValue)[] _filed;
    private readonly int[] _unfiled;

    private AlertRoutingTable(CompiledRoute[] routes, CompiledRoute fallback, SeverityMapping severities)
    {
        _routes = routes;
        _fallback = fallback;
        Severities = severities;
        var filing = routes.Select((r, i) => (Position: i, Matcher: Array.Find(r.Matchers, m => m.Operator == MatchOperator.Equal && m.Value.Length > 0))).ToArray();
        _unfiled = [.. filing.Where(f => f.Matcher is null).Select(f => f.Position)];
        _filed = [.. filing.Where(f => f.Matcher is not null).GroupBy(f => f.Matcher!.Name, StringComparer.Ordinal)
            .Select(byName => (byName.Key, byName.GroupBy(f => f.Matcher!.Value, StringComparer.Ordinal)
                .ToDictionary(byValue => byValue.Key, byValue => byValue.Select(f => f.Position).ToArray(), StringComparer.Ordinal)))];
    }

    /// <summary>Gets a table with no rules: every alert takes the fallback rule.</summary>
    public static AlertRoutingTable Empty { get; } = Build([]);

    /// <summary>Gets the rules, in the order they are tried.</summary>
    public IReadOnlyList<AlertRoute> Routes => Array.ConvertAll(_routes, r => r.Route);

    /// <summary>Gets the severity mapping used when a rule sets no impact or urgency.</summary>
    public SeverityMapping Severities { get; }

    /// <summary>Validates rules and freezes them into a table.</summary>
    /// <param name="routes">The rules, in the order to try them.</param>
    /// <param name="severities">The severity mapping; <see langword="null"/> takes <see cref="SeverityMapping.Default"/>.</param>
    /// <param name="fallback">The rule for alerts no rule matches; <see langword="null"/> takes one named <c>default</c>.</param>
    /// <returns>The table.</returns>
    /// <exception cref="ConfigurationValidationException">A rule has no name, a duplicate name, an invalid matcher or regular
    /// expression, or an invalid group-by label; every problem is listed with its rule.</exception>
    public static AlertRoutingTable Build(IEnumerable<AlertRoute> routes, SeverityMapping? severities = null, AlertRoute? fallback = null)
    {
        Guard.Against.Null(routes);
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var compiled = new List<CompiledRoute>();
        var index = 0;
        foreach (var route in routes)
        {
            var at = $"routes[{index++}]";
            if (route is null)
            {
                problems.Add($"{at}: the rule is null.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(route.Name))
            {
                problems.Add($"{at}.name: a rule needs a name.");
            }
            else if (!names.Add(route.Name))
            {
                problems.Add($"{at}.name: '{route.Name}' names another rule already.");
            }

            if (Compile(route, at, problems) is { } c)
            {
                compiled.Add(c);
            }
        }

        var fallbackRoute = fallback ?? new AlertRoute { Name = "default" };
        var fallbackCompiled = Compile(fallbackRoute, "fallback", problems);
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("alert routing table", problems);
        }

        return new AlertRoutingTable([.. compiled], fallbackCompiled!, severities ?? SeverityMapping.Default);
    }

    /// <summary>Decides where an alert of a tenant goes.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="tenant">The tenant its integration key belongs to.</param>
    /// <returns>The decision.</returns>
    public RouteDecision Route(Alert alert, TenantId tenant)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = alert.Labels;
        var first = FirstMatching(_unfiled, labels, tenant, int.MaxValue);
        foreach (var (name, byValue) in _filed)
        {
            if (labels.TryGetValue(name, out var value) && byValue.TryGetValue(value, out var positions))
            {
                first = FirstMatching(positions, labels, tenant, first);
            }
        }

        var chosen = first == int.MaxValue ? _fallback : _routes[first];

        var mapped = chosen.Route.Impact is null || chosen.Route.Urgency is null ? Severities.Map(alert.Severity) : default;
        return new RouteDecision(chosen.Route, chosen.Route.Impact ?? mapped.Impact, chosen.Route.Urgency ?? mapped.Urgency);
    }

    /// <summary>Returns the key of the group an alert belongs to under a decision.</summary>
    /// <param name="decision">The routing decision.</param>
    /// <param name="alert">The alert.</param>
    /// <returns>The rule's name followed by the group-by labels' values (sorted by name), or by the sender's group key, or by
    /// the alert's own key.</returns>
    public static string GroupKey(in RouteDecision decision, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var groupBy = decision.Route.GroupBy;
        if (groupBy.Count == 0)
        {
            var name = decision.Route.Name;
            var (tag, rest) = alert.SenderGroupKey is { } sender ? ("", sender) : ("alert:", alert.Key);
            var length = name.Length + 1 + tag.Length + rest.Length;
            if (length > MaxInternedLength)
            {
                return string.Concat(name, "|", tag, rest);
            }

            Span<char> key = stackalloc char[length];
            var at = 0;
            Write(key, ref at, name);
            Write(key, ref at, "|");
            Write(key, ref at, tag);
            Write(key, ref at, rest);
            return Intern(key);
        }

        if (groupBy.Count <= 64 && !(groupBy.Count == 1 && groupBy[0] == AllLabels))
        {
            return GroupKeyOf(decision.Route.Name, groupBy, alert.Labels);
        }

        var builder = new StringBuilder(decision.Route.Name).Append("|{");
        IEnumerable<string> names = groupBy.Count == 1 && groupBy[0] == AllLabels
            ? alert.Labels.Keys.Order(StringComparer.Ordinal)
            : groupBy.Order(StringComparer.Ordinal);
        var first = true;
        foreach (var name in names)
        {
            builder.Append(first ? "" : ",").Append(name).Append("=\"")
                .Append(alert.Labels.TryGetValue(name, out var v) ? v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) : "")
                .Append('"');
            first = false;
        }

        return builder.Append('}').ToString();
    }

    // The same key as the general path below, built with one allocation (the key itself): group-by names put in order through
    // an index on the stack, the length counted first, the characters written into a stack buffer. Runs for every alert.
    private static string GroupKeyOf(string route, IReadOnlyList<string> groupBy, IReadOnlyDictionary<string, string> labels)
    {
        Span<int> order = stackalloc int[groupBy.Count];
        for (var i = 0; i < order.Length; i++)
        {
            var j = i;
            while (j > 0 && string.CompareOrdinal(groupBy[order[j - 1]], groupBy[i]) > 0)
            {
                order[j] = order[j - 1];
                j--;
            }

            order[j] = i;
        }

        var length = route.Length + 3;
        foreach (var i in order)
        {
            var value = labels.TryGetValue(groupBy[i], out var v) ? v : "";
            length += groupBy[i].Length + 3 + value.Length + value.AsSpan().Count('\\') + value.AsSpan().Count('"');
        }

        length += Math.Max(0, order.Length - 1);
        Span<char> key = length <= 512 ? stackalloc char[length] : new char[length];
        var at = 0;
        Write(key, ref at, route);
        Write(key, ref at, "|{");
        for (var n = 0; n < order.Length; n++)
        {
            var name = groupBy[order[n]];
            if (n > 0)
            {
                key[at++] = ',';
            }

            Write(key, ref at, name);
            Write(key, ref at, "=\"");
            foreach (var c in labels.TryGetValue(name, out var v) ? v : "")
            {
                if (c is '\\' or '"')
                {
                    key[at++] = '\\';
                }

                key[at++] = c;
            }

            key[at++] = '"';
        }

        key[at++] = '}';
        return Intern(key[..at]);
    }

    // A storm repeats a few group keys thousands of times: keep recent keys in a small table indexed by their hash and hand out
    // the kept string when the characters are equal, so a repeated key costs no allocation. Slots are written without a lock
    // (a reference write is atomic); two keys sharing a slot just replace each other, and the answer is always the right text.
    private static string Intern(ReadOnlySpan<char> key)
    {
        if (key.Length > MaxInternedLength)
        {
            return new string(key);
        }

        ref var slot = ref InternedKeys[string.GetHashCode(key) & (InternedKeys.Length - 1)];
        var kept = Volatile.Read(ref slot);
        if (kept is not null && key.SequenceEqual(kept))
        {
            return kept;
        }

        var made = new string(key);
        Volatile.Write(ref slot, made);
        return made;
    }

    // The first of the ascending positions, before the best found so far, whose rule matches; else that best.
    private int FirstMatching(int[] positions, IReadOnlyDictionary<string, string> labels, TenantId tenant, int best)
    {
        foreach (var i in positions)
        {
            if (i >= best)
            {
                break;
            }

            if (_routes[i].Matches(labels, tenant))
            {
                return i;
            }
        }

        return best;
    }

    private static void Write(Span<char> buffer, ref int at, string text)
    {
        text.CopyTo(buffer[at..]);
        at += text.Length;
    }

    private static CompiledRoute? Compile(AlertRoute route, string at, List<string> problems)
    {
        var matchers = new List<LabelMatcher>();
        var ok = true;
        for (var i = 0; i < (route.Matchers?.Count ?? 0); i++)
        {
            try
            {
                matchers.Add(LabelMatcher.Parse(route.Matchers![i]));
            }
            catch (ArgumentException e)
            {
                problems.Add($"{at}.matchers[{i}]: {e.Message}");
                ok = false;
            }
        }

        foreach (var label in route.GroupBy ?? [])
        {
            if (label != AllLabels && !LabelMatcher.IsLabelName(label ?? ""))
            {
                problems.Add($"{at}.groupBy: '{label}' is not a label name (or '...' for all labels).");
                ok = false;
            }
        }

        if (route.GroupBy is { Count: > 1 } g && g.Contains(AllLabels))
        {
            problems.Add($"{at}.groupBy: '...' groups by every label and stands alone.");
            ok = false;
        }

        return ok ? new CompiledRoute(route, [.. matchers]) : null;
    }

    private sealed class CompiledRoute(AlertRoute route, LabelMatcher[] matchers)
    {
        public AlertRoute Route { get; } = route;

        public LabelMatcher[] Matchers => matchers;

        public bool Matches(IReadOnlyDictionary<string, string> labels, TenantId tenant)
        {
            if (Route.Tenant is { } only && only != tenant)
            {
                return false;
            }

            foreach (var matcher in matchers)
            {
                if (!matcher.Matches(labels))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
