namespace IncidentKit.Configuration;

/// <summary>Names what a configuration value must be, in the words a problem report uses ("expected a user id, found true").</summary>
/// <remarks>The first phrase describes the value itself, the next ones its items, then their items: <c>[Expected("an object of team
/// names to arrays of user ids", "a non-empty array of user ids", "a user id")]</c>. For an enumeration the phrase is the noun
/// ("unknown kind 'sideways'").</remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ExpectedAttribute : Attribute
{
    /// <summary>Initializes the attribute with the phrases for the value and, in turn, its items.</summary>
    /// <param name="phrases">The phrase for the value, then for its items, then for their items.</param>
    public ExpectedAttribute(params string[] phrases) => Phrases = phrases ?? [];

    /// <summary>Gets the phrases for the value and, in turn, its items.</summary>
    public IReadOnlyList<string> Phrases { get; }

    /// <summary>Gets or sets whether a whole number may stand for the text (an identifier such as a user id <c>1001</c>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool NumberAsText { get; set; }

    /// <summary>Gets or sets the noun for one entry of a dictionary, as in "the team is given more than once".</summary>
    /// <value>The default value is <see langword="null"/>, which says "entry".</value>
    public string? Entry { get; set; }
}
