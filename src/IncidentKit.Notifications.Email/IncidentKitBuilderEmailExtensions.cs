using IncidentKit;
using IncidentKit.Communication;
using IncidentKit.Hosting;
using IncidentKit.Notifications;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the SMTP email channel to an IncidentKit host: <c>AddIncidentKit(…).AddNotifications().AddSmtpEmailChannel(…)</c>.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitBuilderEmailExtensions
{
    /// <summary>Adds an SMTP email channel (<see cref="SmtpEmailChannel"/>).</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Sets the server, credentials, sender, recipient addresses and name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configure"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    /// <remarks>The options are validated here, so a missing host or sender fails at registration. The channel is an
    /// <see cref="INotificationChannel"/>, sent through by the dispatcher that <c>AddNotifications()</c> (IncidentKit.Notifications) adds.</remarks>
    public static IncidentKitBuilder AddSmtpEmailChannel(this IncidentKitBuilder builder, Action<SmtpEmailChannelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SmtpEmailChannelOptions();
        configure(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("SMTP email channel options", problems);
        }

        builder.Services.AddSingleton<INotificationChannel>(_ => new SmtpEmailChannel(options));
        return builder;
    }
}
