using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace IncidentKit.AspNetCore.Http;

// When minimal APIs cannot bind a query or route value (?pending=maybe for a bool, ?max=ten for an int) they answer 400 with an
// empty body (or, with RouteHandlerOptions.ThrowOnBadRequest, the default in Development, throw BadHttpRequestException before
// any filter runs) and say which parameter failed only in a log line. This finds that parameter again from the endpoint's
// handler and the request, so ProblemMapping can answer the same problem detail as every other 400: the field and what it allows.
internal static class ParameterBinding
{
    // Names the first of the handler's query and route parameters that is missing while required or does not parse; null when
    // they all bind (the 400 then came from something else and is left as it is).
    public static (string Field, string Detail)? FailureOrNull(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>() is not { } handler)
        {
            return null;
        }

        foreach (var parameter in handler.GetParameters())
        {
            if (Check(context, parameter) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static (string Field, string Detail)? Check(HttpContext context, ParameterInfo parameter)
    {
        string? name;
        string? text;
        if (parameter.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault() is { } query)
        {
            name = query.Name ?? parameter.Name;
            text = name is null ? null : context.Request.Query[name].ToString();
        }
        else if (parameter.GetCustomAttributes().OfType<IFromRouteMetadata>().FirstOrDefault() is { } route)
        {
            name = route.Name ?? parameter.Name;
            text = name is null ? null : context.Request.RouteValues[name]?.ToString();
        }
        else if (parameter.Name is { } implicitName && context.Request.RouteValues.TryGetValue(implicitName, out var value))
        {
            name = implicitName;
            text = value?.ToString();
        }
        else
        {
            return null;
        }

        if (name is null)
        {
            return null;
        }

        var nullable = Nullable.GetUnderlyingType(parameter.ParameterType);
        var type = nullable ?? parameter.ParameterType;
        if (string.IsNullOrEmpty(text))
        {
            return nullable is null && !parameter.HasDefaultValue && type.IsValueType
                ? (name, $"'{name}' is required: {Allowed(type)}.")
                : null;
        }

        return Parses(type, text) ? null : (name, $"'{text}' is not a valid value for '{name}'; expected {Allowed(type)}.");
    }

    private static bool Parses(Type type, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            _ when type == typeof(bool) => bool.TryParse(text, out _),
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, invariant, out _),
            _ when type == typeof(double) => double.TryParse(text, NumberStyles.Float, invariant, out _),
            _ when type == typeof(decimal) => decimal.TryParse(text, NumberStyles.Number, invariant, out _),
            _ when type == typeof(Guid) => Guid.TryParse(text, out _),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.TryParse(text, invariant, DateTimeStyles.None, out _),
            _ when type.IsEnum => Enum.TryParse(type, text, ignoreCase: true, out _),
            // A type this does not know: it bound (or failed) as minimal APIs decided; report it only when told it failed.
            _ => type == typeof(string),
        };
    }

    private static string Allowed(Type type) => type switch
    {
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(int) || type == typeof(long) => "a whole number such as 10",
        _ when type == typeof(double) || type == typeof(decimal) => "a number such as 1.5",
        _ when type == typeof(Guid) => "a GUID such as 0b7c3f2e-5d1a-4c8e-9f6b-2a4d8e1c7b90",
        _ when type == typeof(DateTimeOffset) => "an ISO-8601 date and time such as 2026-03-01T00:00:00Z",
        _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => $"a valid {type.Name}",
    };
}
