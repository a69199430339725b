using IncidentKit.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the IncidentKit health check to a host's health checks.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitHealthChecksBuilderExtensions
{
    /// <summary>Adds a health check that reports whether the store answers, the worker loop is alive and notifications go out in time.</summary>
    /// <param name="builder">The health checks builder, from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported when the check fails; <see langword="null"/> reports <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="name"/> is null.</exception>
    /// <remarks>
    /// Unhealthy when the store cannot be read, when the worker's last sweep ended more than
    /// <see cref="IncidentKitOptions.HeartbeatTolerance"/> poll intervals ago, or when the oldest undelivered notification is
    /// older than <see cref="IncidentKitOptions.OutboxLagUnhealthy"/>; Degraded before the worker's first sweep and when that
    /// notification is older than <see cref="IncidentKitOptions.OutboxLagDegraded"/>. Requires <c>AddIncidentKit</c>.
    /// </remarks>
    public static IHealthChecksBuilder AddIncidentKitHealthCheck(this IHealthChecksBuilder builder, string name = "incidentkit", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        return builder.AddCheck<IncidentKitHealthCheck>(name, failureStatus, tags ?? []);
    }
}
