namespace IncidentKit.Notifications;

/// <summary>Configures the notification dispatcher that <c>AddNotifications(…)</c> runs in a host: how often it reads the outbox,
/// its claims, whether outcomes are recorded on incidents, and the dispatcher's own options.</summary>
/// <remarks>Validated when the host starts (<c>ValidateOnStart</c>); every problem, the dispatcher's included, is listed at once.</remarks>
/// <threadsafety>This type is mutable and not thread-safe; it is read once when the services are built.</threadsafety>
public sealed class NotificationHostingOptions
{
    /// <summary>Gets or sets whether the host runs the dispatcher service.</summary>
    /// <value>The default value is <see langword="true"/>. Turn it off on nodes that should only write notifications.</value>
    public bool EnableDispatcher { get; set; } = true;

    /// <summary>Gets or sets how long the dispatcher waits between two passes once the outbox holds nothing more that is due.</summary>
    /// <value>The default value is 5 seconds; allowed are 10 milliseconds to 1 hour. It bounds how late a notification leaves.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a claim on an outbox row is exclusive before another dispatcher may take it over.</summary>
    /// <value>The default value is 5 minutes; allowed are 1 second to 1 day. Keep it longer than the slowest pass.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the name this dispatcher claims outbox rows under.</summary>
    /// <value>The default value is the machine name, the process id and a random suffix; 1 to 200 characters.</value>
    public string DispatcherName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:notify:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Gets or sets whether deliveries and failures are recorded as events on the incidents' timelines.</summary>
    /// <value>The default value is <see langword="true"/>; the host's <see cref="INotificationDeliveryRecorder"/> records them
    /// (by default an <see cref="IncidentServiceDeliveryRecorder"/>).</value>
    public bool RecordDeliveries { get; set; } = true;

    /// <summary>Gets the dispatcher's options: batch size, bundling window, retries, backoff and circuit breaking.</summary>
    /// <value>The default value is a new <see cref="NotificationDispatcherOptions"/> with its own defaults.</value>
    public NotificationDispatcherOptions Dispatcher { get; } = new();

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromHours(1))
        {
            problems.Add($"{nameof(PollInterval)} must be between 10 milliseconds and 1 hour, not {PollInterval}.");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(LeaseDuration)} must be between 1 second and 1 day, not {LeaseDuration}.");
        }

        if (string.IsNullOrWhiteSpace(DispatcherName) || DispatcherName.Length > 200)
        {
            problems.Add($"{nameof(DispatcherName)} must be 1 to 200 characters and not blank.");
        }

        problems.AddRange(Dispatcher.Validate().Select(p => $"{nameof(Dispatcher)}.{p}"));
        return problems;
    }
}
