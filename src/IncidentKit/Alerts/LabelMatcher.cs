using System.Text.RegularExpressions;
using Ardalis.GuardClauses;

namespace IncidentKit.Alerts;

/// <summary>Matches one label of an alert, Alertmanager style: <c>name="v"</c>, <c>name!="v"</c>, <c>name=~"re"</c>, <c>name!~"re"</c>.</summary>
/// <remarks>
/// <para>A label the alert does not carry counts as the empty value, so <c>team=""</c> matches alerts without a team and
/// <c>team!="db"</c> matches them too. Regular expressions are anchored at both ends (<c>^(?:re)$</c>), as in Alertmanager,
/// validated when the matcher is built, and run without backtracking so that no pattern can stall intake.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class LabelMatcher
{
    private readonly Regex? _regex;
    private readonly string _prefix = "";

    /// <summary>Initializes a matcher.</summary>
    /// <param name="name">The label name (a Prometheus label name: letters, digits and underscores, not starting with a digit).</param>
    /// <param name="op">How to compare.</param>
    /// <param name="value">The text or the regular expression.</param>
    /// <exception cref="ArgumentException">The name is not a label name, the operator is undefined, or the regular expression is invalid.</exception>
    public LabelMatcher(string name, MatchOperator op, string value)
    {
        Guard.Against.NullOrEmpty(name);
        Guard.Against.Null(value);
        Guard.Against.EnumOutOfRange(op);
        if (!IsLabelName(name))
        {
            throw new ArgumentException($"'{name}' is not a label name: use letters, digits and '_', not starting with a digit.", nameof(name));
        }

        Name = name;
        Operator = op;
        Value = value;
        if (op is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            try
            {
                _regex = new Regex("^(?:" + value + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
                _prefix = LiteralPrefix(value);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw new ArgumentException($"'{value}' is not a supported regular expression for label '{name}': {e.Message}", nameof(value), e);
            }
        }
    }

    /// <summary>Gets the label name.</summary>
    public string Name { get; }

    /// <summary>Gets how the value is compared.</summary>
    public MatchOperator Operator { get; }

    /// <summary>Gets the text or regular expression.</summary>
    public string Value { get; }

    // Literal texts such that every value this regex matcher accepts starts with one of them; empty when there are none (or for
    // other operators). Several when the pattern is an alternation of branches that each start with literal text.
    internal IReadOnlyList<string> LiteralPrefixes => Operator == MatchOperator.Regex ? LiteralPrefixesOf(Value) : [];

    /// <summary>Parses a matcher written as Alertmanager writes it, e.g. <c>severity=~"critical|page"</c> (quotes optional).</summary>
    /// <param name="text">The matcher text.</param>
    /// <returns>The matcher.</returns>
    /// <exception cref="ArgumentException">The text is not a matcher, or its name or regular expression is invalid.</exception>
    public static LabelMatcher Parse(string text)
    {
        Guard.Against.NullOrWhiteSpace(text);
        var i = 0;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        var name = text[..i].Trim();
        var rest = text[i..].TrimStart();
        (MatchOperator Op, int Length) op = rest switch
        {
            _ when rest.StartsWith("=~", StringComparison.Ordinal) => (MatchOperator.Regex, 2),
            _ when rest.StartsWith("!~", StringComparison.Ordinal) => (MatchOperator.NotRegex, 2),
            _ when rest.StartsWith("!=", StringComparison.Ordinal) => (MatchOperator.NotEqual, 2),
            _ when rest.StartsWith('=') => (MatchOperator.Equal, 1),
            _ => throw new ArgumentException($"'{text}' is not a matcher: expected name, one of = != =~ !~, then a value.", nameof(text)),
        };
        var value = rest[op.Length..].Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }

        return new LabelMatcher(name, op.Op, value);
    }

    /// <summary>Returns whether a label set satisfies the matcher.</summary>
    /// <param name="labels">The labels.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var actual = labels.TryGetValue(Name, out var v) ? v : string.Empty;
        return Operator switch
        {
            MatchOperator.Equal => string.Equals(actual, Value, StringComparison.Ordinal),
            MatchOperator.NotEqual => !string.Equals(actual, Value, StringComparison.Ordinal),
            MatchOperator.Regex => actual.StartsWith(_prefix, StringComparison.Ordinal) && _regex!.IsMatch(actual),
            _ => !(actual.StartsWith(_prefix, StringComparison.Ordinal) && _regex!.IsMatch(actual)),
        };
    }

    /// <summary>Returns the matcher in Alertmanager's notation.</summary>
    /// <returns>The text, e.g. <c>severity=~"critical"</c>.</returns>
    public override string ToString() => Operator switch
    {
        MatchOperator.Equal => $"{Name}=\"{Value}\"",
        MatchOperator.NotEqual => $"{Name}!=\"{Value}\"",
        MatchOperator.Regex => $"{Name}=~\"{Value}\"",
        _ => $"{Name}!~\"{Value}\"",
    };

    // The literal text every match must start with (anchored patterns), so most values that do not match are refused with a
    // string comparison instead of a regex run. Conservative: any alternation, and a quantifier on the last literal, shorten it.
    internal static string LiteralPrefix(string pattern) => pattern.Contains('|', StringComparison.Ordinal) ? "" : BranchPrefix(pattern);

    // The literal text a pattern without a top-level alternation starts with: everything before the first special character,
    // less the last character when a quantifier follows it. A '|' inside a group after that point does not matter.
    private static string BranchPrefix(string pattern)
    {
        var end = 0;
        while (end < pattern.Length && "\\.^$?*+()[]{}".IndexOf(pattern[end], StringComparison.Ordinal) < 0)
        {
            end++;
        }

        if (end < pattern.Length && pattern[end] is '?' or '*' or '{')
        {
            end--;
        }

        return end > 0 ? pattern[..end] : "";
    }

    // Splits the pattern at its top-level '|' and takes each branch's literal prefix; no prefixes when a branch has none. Patterns
    // with escapes or character classes (a '|' in them may be literal) or with "(?" constructs (an inline option such as (?i)
    // carries over into the later branches) are not split.
    internal static IReadOnlyList<string> LiteralPrefixesOf(string pattern)
    {
        if (!pattern.Contains('|', StringComparison.Ordinal))
        {
            return LiteralPrefix(pattern) is { Length: > 0 } single ? [single] : [];
        }

        if (pattern.AsSpan().IndexOfAny('\\', '[') >= 0 || pattern.Contains("(?", StringComparison.Ordinal))
        {
            return [];
        }

        var prefixes = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i <= pattern.Length; i++)
        {
            var c = i < pattern.Length ? pattern[i] : '|';
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == '|' && depth == 0)
            {
                if (BranchPrefix(pattern[start..i]) is not { Length: > 0 } prefix)
                {
                    return [];
                }

                prefixes.Add(prefix);
                start = i + 1;
            }
        }

        // Keep the shortest: a value starting with "ab" and "abc" would otherwise find the window twice.
        return [.. prefixes.Distinct(StringComparer.Ordinal)
            .Where(p => !prefixes.Exists(q => q.Length < p.Length && p.StartsWith(q, StringComparison.Ordinal)))];
    }

    internal static bool IsLabelName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
