namespace IncidentKit.AspNetCore.Http;

// Thrown by handlers for failures that are the API's own (a bad query value, a stale If-Match, an unknown incident);
// the domain's exceptions are thrown as they are. ProblemMapping turns both into problem details.
internal sealed class ApiProblemException(int status, string title, string detail, string? field = null) : Exception(detail)
{
    public int Status { get; } = status;

    public string Title { get; } = title;

    public string? Field { get; } = field;

    public long? CurrentVersion { get; init; }

    public static ApiProblemException BadField(string field, string detail) => new(400, "The request is invalid.", detail, field);

    public static ApiProblemException NotFound(string detail) => new(404, "Not found.", detail);
}
