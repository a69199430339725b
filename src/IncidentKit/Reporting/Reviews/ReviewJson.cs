using System.Buffers;
using System.Text;
using System.Text.Json;
using Ardalis.GuardClauses;
using IncidentKit.Problems;

namespace IncidentKit.Reporting.Reviews;

/// <summary>Reads and writes reviews, their authored part and problems as JSON (camelCase, enums by name, instants in ISO-8601 with
/// <c>Z</c>), the format the stores keep and the HTTP API speaks.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class ReviewJson
{
    /// <summary>Returns a review as JSON.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="review"/> is null.</exception>
    public static string Serialize(PostIncidentReview review)
    {
        Guard.Against.Null(review);
        return Write(review, (w, v) => JsonSerializer.Serialize(w, v, ReviewJsonContext.Default.PostIncidentReview));
    }

    /// <summary>Reads a review from JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The review.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not a review.</exception>
    public static PostIncidentReview DeserializeReview(string json)
    {
        Guard.Against.Null(json);
        return Read(json, () => JsonSerializer.Deserialize(json, ReviewJsonContext.Default.PostIncidentReview), "review");
    }

    /// <summary>Returns a review's authored part as JSON.</summary>
    /// <param name="authoring">The authored part.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="authoring"/> is null.</exception>
    public static string Serialize(ReviewAuthoring authoring)
    {
        Guard.Against.Null(authoring);
        return Write(authoring, (w, v) => JsonSerializer.Serialize(w, v, ReviewJsonContext.Default.ReviewAuthoring));
    }

    /// <summary>Reads a review's authored part from JSON and validates it.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The authored part.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not an authored review part.</exception>
    /// <exception cref="ArgumentException">The content is invalid; every problem is listed with its field path.</exception>
    public static ReviewAuthoring DeserializeAuthoring(string json)
    {
        Guard.Against.Null(json);
        var authoring = Read(json, () => JsonSerializer.Deserialize(json, ReviewJsonContext.Default.ReviewAuthoring), "review authoring");
        authoring.Validate();
        return authoring;
    }

    /// <summary>Returns an action item as JSON.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static string Serialize(ActionItem item)
    {
        Guard.Against.Null(item);
        return Write(item, (w, v) => JsonSerializer.Serialize(w, v, ReviewJsonContext.Default.ActionItem));
    }

    /// <summary>Reads an action item from JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not a valid action item.</exception>
    public static ActionItem DeserializeActionItem(string json)
    {
        Guard.Against.Null(json);
        return Read(json, () => JsonSerializer.Deserialize(json, ReviewJsonContext.Default.ActionItem), "action item");
    }

    /// <summary>Returns a problem as JSON, with its audit trail.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public static string Serialize(Problem problem)
    {
        Guard.Against.Null(problem);
        return Write(problem, (w, v) => JsonSerializer.Serialize(w, v, ReviewJsonContext.Default.Problem));
    }

    /// <summary>Reads a problem from JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The problem.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="JsonException">The text is not a problem.</exception>
    public static Problem DeserializeProblem(string json)
    {
        Guard.Against.Null(json);
        var problem = Read(json, () => JsonSerializer.Deserialize(json, ReviewJsonContext.Default.Problem), "problem");
        return problem.History.Count > 0 ? problem : throw new JsonException("A problem has at least its opening in its history.");
    }

    private static string Write<T>(T value, Action<Utf8JsonWriter, T> serialize)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            serialize(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Constructors of the types validate their arguments; a JSON document that breaks their rules surfaces as JsonException too.
    private static T Read<T>(string json, Func<T?> read, string what)
        where T : class
    {
        try
        {
            return read() ?? throw new JsonException($"Expected a {what}, found null.");
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"The {what} is invalid: {e.Message}", e);
        }
    }
}
