using IncidentKit.AspNetCore;
using IncidentKit.AspNetCore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the IncidentKit HTTP API.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the app is being configured.</threadsafety>
public static class IncidentKitApiEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>/api/incidents</c>, <c>/api/incidents/stream</c>, <c>/api/incidents/{id}/export</c>, <c>/api/oncall</c>, <c>/api/me</c>, <c>/api/keys</c>,
    /// <c>/api/maintenance-windows</c> (served when the alert intake is added: <c>AddIncidentKitAlerts</c>), <c>/api/incidents/{id}/review</c>,
    /// <c>/api/action-items</c>, <c>/api/problems</c> and <c>/api/reports</c> (reviews and problems need a store that keeps them) and
    /// <c>/account/signin</c> and <c>/account/signout</c>, and <c>/calendar/{token}.ics</c> (a person's on-call feed, reached by a
    /// revocable feed token in the URL, since calendar apps send no bearer header).</summary>
    /// <param name="endpoints">The app.</param>
    /// <returns>The <c>/api</c> route group, for further conventions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <remarks>Every <c>/api</c> endpoint requires the <see cref="IncidentKitAuthenticationDefaults.Policy"/> policy; failures are answered
    /// as RFC 9457 problem details. Call <c>AddIncidentKitApi()</c> on the services first.</remarks>
    public static RouteGroupBuilder MapIncidentKitApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapAccount();
        endpoints.MapCalendarFeedDownloads();
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(IncidentKitAuthenticationDefaults.Policy)
            .AddEndpointFilter(ProblemMapping.FilterAsync);
        ((IEndpointConventionBuilder)api).Add(ProblemMapping.MapBindingFailures);
#if NET9_0_OR_GREATER
        api.ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
#else
        // ASP.NET Core 8 has ProducesProblem for single endpoints only: the same response metadata, on the group.
        api.WithMetadata(ProblemResponse(400), ProblemResponse(401), ProblemResponse(403), ProblemResponse(404));
#endif
        api.MapIncidentStream();
        api.MapIncidents();
        api.MapIncidentExport();
        api.MapEvidence();
        api.MapOnCall();
        api.MapCalendarFeeds();
        api.MapKeys();
        api.MapMaintenanceWindows();
        api.MapReviews();
        api.MapProblems();
        api.MapReports();
        return api;
    }

#if !NET9_0_OR_GREATER
    private static Microsoft.AspNetCore.Mvc.ProducesResponseTypeAttribute ProblemResponse(int statusCode) =>
        new(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), statusCode, "application/problem+json");
#endif
}
