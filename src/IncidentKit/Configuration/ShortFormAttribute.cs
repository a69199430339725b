namespace IncidentKit.Configuration;

/// <summary>Lets a configuration value be written in a short form that stands for the full one.</summary>
/// <remarks>On an object or dictionary type, any other JSON value stands for <c>{ member: value }</c>, e.g. an SLA target
/// <c>"4h"</c> for <c>{ "within": "4h" }</c>. On a list property, a single value stands for a list of that one value.</remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ShortFormAttribute : Attribute
{
    /// <summary>Initializes the attribute for a list property: a single value stands for a list of one.</summary>
    public ShortFormAttribute() => Member = null;

    /// <summary>Initializes the attribute for an object or dictionary type whose short form is the value of one member.</summary>
    /// <param name="member">The JSON name of the member the short form stands for.</param>
    public ShortFormAttribute(string member) => Member = member;

    /// <summary>Gets the JSON name of the member the short form stands for, or <see langword="null"/> for a list of one.</summary>
    public string? Member { get; }
}
