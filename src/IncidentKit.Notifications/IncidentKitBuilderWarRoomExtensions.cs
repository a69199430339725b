using IncidentKit.Hosting;
using IncidentKit.MajorIncidents;
using IncidentKit.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the war-room webhook to an IncidentKit host, for the major-incident checklist's <see cref="MajorIncidentStep.OpenWarRoom"/> step.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitBuilderWarRoomExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the war-room webhook uses (configure it with <c>AddHttpClient(name)</c>).</summary>
    public const string HttpClientName = "IncidentKit.WarRoom";

    /// <summary>Opens war rooms through a webhook (<see cref="WebhookWarRoomProvider"/>), unless the host registered its own provider.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="endpoint">The webhook's absolute http or https address.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http or https address.</exception>
    public static IncidentKitBuilder UseWarRoomWebhook(this IncidentKitBuilder builder, Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(endpoint);
        _ = new WebhookWarRoomProvider(new HttpClient(), endpoint);
        builder.Services.AddHttpClient(HttpClientName);
        builder.Services.TryAddSingleton<IWarRoomProvider>(sp =>
            new WebhookWarRoomProvider(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), endpoint));
        return builder;
    }
}
