using System.Security.Claims;
using IncidentKit.AspNetCore.Security;
using IncidentKit.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IncidentKit.AspNetCore.Http;

// Browser sessions: a form posts a personal API key (never in a URL), and gets an HTTP-only, SameSite=Strict cookie that
// carries the key's id, so revoking the key ends the session too. A form post is answered with a 303 redirect; a script
// asking for JSON gets 204 or a 401 problem.
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccount(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/account").WithTags("Account");
        group.MapPost("/signin", SignInAsync).WithName("SignIn").WithSummary("Signs in with a personal API key posted as the form field apiKey; sets the session cookie.")
            .Accepts<SignInForm>("application/x-www-form-urlencoded").Produces(204).Produces(303).DisableAntiforgery().AllowAnonymous();
        group.MapPost("/signout", (Delegate)SignOutAsync).WithName("SignOut").WithSummary("Ends the browser session.").Produces(204).Produces(303).DisableAntiforgery().AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IApiKeyStore keys, IOptions<IncidentKitApiOptions> options)
    {
        var wantsJson = WantsJson(context.Request);
        if (!SameOrigin(context.Request))
        {
            return TypedResults.Problem("Sign-in is accepted from this site's own pages only.", statusCode: 403, title: "Cross-site sign-in refused.");
        }

        if (!context.Request.HasFormContentType)
        {
            return TypedResults.Problem("Post the key as the form field apiKey (application/x-www-form-urlencoded).", statusCode: 415, title: "Unsupported media type.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var key = form["apiKey"].ToString().Trim();
        var record = await ApiKeyAuthenticationHandler.FindValidAsync(keys, key, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return wantsJson
                ? TypedResults.Problem("The API key is unknown or revoked.", statusCode: 401, title: "Sign-in failed.",
                    extensions: new Dictionary<string, object?> { ["field"] = "apiKey" })
                : SeeOther($"{options.Value.SignInPage}?error=invalid-key");
        }

        var actor = new IncidentActor(record.User, record.Tenant, record.Roles);
        var principal = new ClaimsPrincipal(IncidentKitPrincipal.CreateIdentity(actor, IncidentKitAuthenticationDefaults.CookieScheme, record.Id));
        await context.SignInAsync(IncidentKitAuthenticationDefaults.CookieScheme, principal).ConfigureAwait(false);
        return wantsJson ? TypedResults.NoContent() : SeeOther(LocalOrRoot(form["returnUrl"].ToString()));
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(IncidentKitAuthenticationDefaults.CookieScheme).ConfigureAwait(false);
        return WantsJson(context.Request) ? TypedResults.NoContent() : SeeOther("/");
    }

    // 303 turns the form POST into a GET of the page.
    private static SeeOtherResult SeeOther(string location) => new(location);

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    // Login CSRF: a browser names the page's origin on a cross-site POST; refuse one that is not ours.
    private static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }

    private static string LocalOrRoot(string returnUrl) =>
        returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/";

    internal sealed record SignInForm(string ApiKey, string? ReturnUrl);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
