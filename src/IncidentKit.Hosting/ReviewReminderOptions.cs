namespace IncidentKit.Hosting;

/// <summary>Configures the review reminder worker: how often it looks for overdue action items and draft reviews past due, and
/// the channel its reminders go out on.</summary>
/// <threadsafety>Instances are mutable until the host starts; they are read once then.</threadsafety>
public sealed class ReviewReminderOptions
{
    /// <summary>Gets or sets how often the worker looks for due reminders: 1 second to 1 day.</summary>
    /// <value>The default value is 1 minute.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long a claimed reminder is this node's alone: 1 second to 1 day, longer than a sweep takes.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the most reminders claimed at once: 1 to 1000.</summary>
    /// <value>The default value is 100.</value>
    public int BatchSize { get; set; } = 100;

    /// <summary>Gets or sets the notification channel reminders are sent on (the name a registered channel answers to).</summary>
    /// <value>The default value is <c>email</c>.</value>
    public string Channel { get; set; } = "email";

    /// <summary>Gets or sets the name claims are made under (1 to 200 characters).</summary>
    /// <value>The default value is the machine name, process id and a random suffix.</value>
    public string WorkerName { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:reviews:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Gets or sets a function that returns the link to an incident's review for the reminder, or null for none.</summary>
    /// <value>The default value is null: reminders carry no link.</value>
    public Func<TenantId, Incidents.IncidentId, Uri?>? ReviewLink { get; set; }

    /// <summary>Returns every problem with the options, each naming its property; empty when they are valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval < TimeSpan.FromSeconds(1) || PollInterval > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(PollInterval)} must be 1 second to 1 day but was {PollInterval}.");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromDays(1))
        {
            problems.Add($"{nameof(LeaseDuration)} must be 1 second to 1 day but was {LeaseDuration}.");
        }

        if (BatchSize is < 1 or > 1000)
        {
            problems.Add($"{nameof(BatchSize)} must be 1 to 1000 but was {BatchSize}.");
        }

        if (string.IsNullOrWhiteSpace(Channel))
        {
            problems.Add($"{nameof(Channel)} must name a channel.");
        }

        if (string.IsNullOrWhiteSpace(WorkerName) || WorkerName.Length > 200)
        {
            problems.Add($"{nameof(WorkerName)} must have 1 to 200 characters.");
        }

        return problems;
    }
}
