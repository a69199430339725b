namespace IncidentKit.Guards;

/// <summary>Lists the kinds of text the guards check for control characters.</summary>
public enum TextLines
{
    /// <summary>One line, such as a title, a name or a key: tab and line feed are the only control characters allowed.</summary>
    OneLine = 0,

    /// <summary>Free text, such as a note or a description: tab, carriage return and line feed are allowed.</summary>
    MultiLine = 1,
}
