using System.Text.Json;
using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IncidentKit.AspNetCore.Http;

// The one place where failures become RFC 9457 problem details: every /api endpoint runs behind this filter, and the idempotency
// filter replays what it answers. Only client mistakes are mapped, each from its own documented exception: the domain's sealed
// IncidentNotFoundException (404), InvalidIncidentTransitionException (409, with the permitted commands),
// IncidentAccessDeniedException (403), IncidentConcurrencyException and RecordConcurrencyException (409) and
// InvalidProblemTransitionException (409, with the moves permitted now, as GET lists them); the HTTP layer's ApiProblemException; and the
// argument and JSON errors of a request's input (400, naming the field). Anything else is a programming error: it is not
// dressed up as a client mistake (a bare KeyNotFoundException from a dictionary is a bug, not a 404) and reaches the host's
// exception handler as a 500.
internal static class ProblemMapping
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Minimal APIs mark a query or route value they could not bind with a bare 400 before the filters run.
        if (context.HttpContext.Response.StatusCode == StatusCodes.Status400BadRequest && ParameterBinding.FailureOrNull(context.HttpContext) is { } failure)
        {
            return Validation(failure.Field, failure.Detail);
        }

        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ToProblem(ex) is { } problem)
        {
            return problem;
        }
    }

    // With RouteHandlerOptions.ThrowOnBadRequest (ASP.NET Core's default in Development) the same binding failure is thrown as
    // BadHttpRequestException before any filter runs; this wraps each endpoint's request delegate (a group convention) to answer
    // it as the same problem detail. Other BadHttpRequestExceptions (a body too large, say) keep going to the host.
    public static void MapBindingFailures(EndpointBuilder endpoint)
    {
        if (endpoint.RequestDelegate is not { } inner)
        {
            return;
        }

        endpoint.RequestDelegate = async context =>
        {
            (string Field, string Detail)? failure = null;
            try
            {
                await inner(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException) when (!context.Response.HasStarted && (failure = ParameterBinding.FailureOrNull(context)) is not null)
            {
                await Validation(failure.Value.Field, failure.Value.Detail).ExecuteAsync(context).ConfigureAwait(false);
            }
        };
    }

    public static IResult? ToProblem(Exception ex) => ex switch
    {
        ApiProblemException p when p.Field is not null => Validation(p.Field, p.Message),
        ApiProblemException p => TypedResults.Problem(p.Message, statusCode: p.Status, title: p.Title,
            extensions: p.CurrentVersion is { } v ? new Dictionary<string, object?> { ["currentVersion"] = v } : null),
        InvalidIncidentTransitionException t => TypedResults.Problem(t.Message, statusCode: 409, title: "The command is not permitted now.",
            extensions: new Dictionary<string, object?>
            {
                ["state"] = ApiText.StateName(t.State),
                ["command"] = ApiText.RouteOf(t.Command) ?? t.Command.ToString(),
                ["permittedCommands"] = ApiText.RoutesOf(t.PermittedCommands),
                ["unmetRules"] = t.UnmetRules,
            }),
        IncidentAccessDeniedException d => TypedResults.Problem(d.Reason, statusCode: 403, title: "Your role does not allow this."),
        IncidentNotFoundException => TypedResults.Problem("There is no such incident.", statusCode: 404, title: "Not found."),
        IncidentConcurrencyException c => TypedResults.Problem(c.Message, statusCode: 409, title: "The incident changed meanwhile; retry."),
        RecordConcurrencyException r => TypedResults.Problem(r.Message, statusCode: 409, title: "The record changed meanwhile; read it again and retry."),
        Problems.InvalidProblemTransitionException t => TypedResults.Problem(t.Message, statusCode: 409, title: "The problem cannot move to that state now.",
            extensions: new Dictionary<string, object?>
            {
                ["state"] = ProblemEndpoints.StateName(t.From),
                ["permittedMoves"] = t.PermittedNow.Select(ProblemEndpoints.StateName).ToList(),
                ["unmetRule"] = t.Rule,
            }),
        JsonException j => Validation(FieldOfJsonPath(j.Path), j.Message),
        ArgumentException a => Validation(FieldOf(a.ParamName), FirstSentence(a.Message)),
        _ => null,
    };

    private static ProblemHttpResult Validation(string field, string message) =>
        TypedResults.Problem(message, statusCode: 400, title: "The request is invalid.",
            extensions: new Dictionary<string, object?>
            {
                ["field"] = field,
                ["errors"] = new Dictionary<string, string[]> { [field] = [message] },
            });

    // "details.Title" → "title"; the domain names arguments after its own parameters.
    private static string FieldOf(string? paramName)
    {
        if (string.IsNullOrEmpty(paramName))
        {
            return "body";
        }

        var last = paramName[(paramName.LastIndexOf('.') + 1)..];
        return ApiText.CamelCase(last switch
        {
            "resolutionCode" => "code",
            "details" => "body",
            _ => last,
        });
    }

    private static string FieldOfJsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');

    // ArgumentException appends " (Parameter 'x')"; the field is named separately.
    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}
