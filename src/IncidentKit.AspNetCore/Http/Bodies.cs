using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace IncidentKit.AspNetCore.Http;

// Reads request bodies with the API's own context, so a malformed or misspelt field is a 400 that names it.
internal static class Bodies
{
    public static async Task<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new ApiProblemException(415, "Unsupported media type.", "Send the body as application/json.");
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(request.Body, typeInfo, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw ApiProblemException.BadField(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.'), ex.Message);
        }
    }

    public static string Required(string? value, string field, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw ApiProblemException.BadField(field, $"'{field}' is required: {what}.") : value;
}
