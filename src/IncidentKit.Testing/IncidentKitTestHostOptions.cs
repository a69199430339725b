using IncidentKit.Hosting;
using IncidentKit.Notifications;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace IncidentKit.Testing;

/// <summary>Configures an <see cref="IncidentKitTestHost"/>: when its fake time starts, which capturing channels it has, and
/// anything else the application under test adds to a real host.</summary>
/// <threadsafety>This type is mutable and not thread-safe; it is read once, when the host starts.</threadsafety>
public sealed class IncidentKitTestHostOptions
{
    /// <summary>Gets or sets the instant the host's fake time starts at.</summary>
    /// <value>The default value is Monday 15 June 2026, 09:00 UTC (inside business hours).</value>
    public Instant Start { get; set; } = Instant.FromUtc(2026, 6, 15, 9, 0);

    /// <summary>Gets the names of the channels to capture, one <see cref="CapturingNotificationChannel"/> each.</summary>
    /// <value>The default value is <c>email</c>, the channel of the default communication plans.</value>
    public IList<string> Channels { get; } = ["email"];

    /// <summary>Gets or sets what configures IncidentKit's options (escalation, SLA policies, plans, …), after the test host's
    /// own settings (worker name <c>test-worker</c>).</summary>
    /// <value>The default value is <see langword="null"/>: IncidentKit's defaults.</value>
    public Action<IncidentKitOptions>? ConfigureIncidentKit { get; set; }

    /// <summary>Gets or sets what configures the notification dispatcher, after the test host's own settings (dispatcher name
    /// <c>test-dispatcher</c>, quick retries without delay, since Polly's delays would wait on the fake time).</summary>
    /// <value>The default value is <see langword="null"/>: the dispatcher's defaults.</value>
    public Action<NotificationHostingOptions>? ConfigureNotifications { get; set; }

    /// <summary>Gets or sets what adds to IncidentKit once it is registered, e.g. more channels or your own automation.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<IncidentKitBuilder>? ConfigureIncidentKitBuilder { get; set; }

    /// <summary>Gets or sets what adds the application's own services.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
