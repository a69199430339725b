using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IncidentKit.Configuration;

/// <summary>Reads a configuration record from JSON by the strict rules every IncidentKit configuration document follows.</summary>
/// <remarks>
/// <para>Property names compare case-insensitively; unknown properties and properties given twice are refused; enumerations are
/// read by name only; text stands for a number or a boolean (<c>"5"</c>, <c>"true"</c>, as <c>IConfiguration</c> holds them) and
/// <c>null</c>, <c>""</c> or <c>[]</c> for a value left out. Every structural problem is listed with its JSON path, such as
/// <c>$.Workflow.ReopenWindow: expected a string, found 5.</c>, rather than stopping at the first.</para>
/// <para>The record's type metadata must come from a source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>
/// whose records hold only strings, booleans, whole numbers, enumerations, nested records, lists and dictionaries.</para>
/// </remarks>
/// <threadsafety>The methods are thread-safe.</threadsafety>
public static class ConfigurationDocument
{
    /// <summary>Reads a record from a JSON element, adding every structural problem to <paramref name="problems"/>.</summary>
    /// <typeparam name="T">The configuration record.</typeparam>
    /// <param name="element">The JSON value to read.</param>
    /// <param name="typeInfo">The record's source-generated type metadata.</param>
    /// <param name="problems">The list that receives one line per problem, each starting with its JSON path.</param>
    /// <returns>The record with every refused value left out (so a validation pass can go on and list its own problems too), or
    /// <see langword="null"/> when the whole value was left out (<c>null</c>) or refused.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> or <paramref name="problems"/> is null.</exception>
    public static T? Read<T>(JsonElement element, JsonTypeInfo<T> typeInfo, ICollection<string> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ArgumentNullException.ThrowIfNull(problems);
        var found = new ConfigurationProblems();
        var result = ConfigurationReader.Read(element, typeInfo, found);
        foreach (var line in found.Lines())
        {
            problems.Add(line);
        }

        return result;
    }

    /// <summary>Reads a record from JSON text, adding every problem (malformed JSON included) to <paramref name="problems"/>.</summary>
    /// <typeparam name="T">The configuration record.</typeparam>
    /// <param name="json">The JSON text; comments and trailing commas are allowed.</param>
    /// <param name="typeInfo">The record's source-generated type metadata.</param>
    /// <param name="problems">The list that receives one line per problem, each starting with its JSON path.</param>
    /// <returns>The record with every refused value left out, or <see langword="null"/> when the document is <c>null</c>, malformed or refused as a whole.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/>, <paramref name="typeInfo"/> or <paramref name="problems"/> is null.</exception>
    public static T? Read<T>(string json, JsonTypeInfo<T> typeInfo, ICollection<string> problems)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(problems);
        var found = new ConfigurationProblems();
        using var document = ConfigurationReader.Parse(json, found, out _);
        if (document is null)
        {
            foreach (var line in found.Lines())
            {
                problems.Add(line);
            }

            return null;
        }

        return Read(document.RootElement, typeInfo, problems);
    }
}
