namespace IncidentKit.Alerts;

/// <summary>Names how a <see cref="LabelMatcher"/> compares a label's value, as Alertmanager does.</summary>
public enum MatchOperator
{
    /// <summary><c>=</c>: the value equals the text.</summary>
    Equal = 0,

    /// <summary><c>!=</c>: the value differs from the text.</summary>
    NotEqual = 1,

    /// <summary><c>=~</c>: the whole value matches the regular expression.</summary>
    Regex = 2,

    /// <summary><c>!~</c>: the whole value does not match the regular expression.</summary>
    NotRegex = 3,
}
