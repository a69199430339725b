using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Describes an automation that threw on an incident, for <see cref="IncidentServiceOptions.OnAutomationFailed"/>.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly struct AutomationFailedArguments
{
    /// <summary>Initializes the arguments.</summary>
    /// <param name="automation">The automation that threw.</param>
    /// <param name="incident">The incident it ran on.</param>
    /// <param name="exception">What it threw.</param>
    /// <param name="retryAt">When the incident is looked at again.</param>
    public AutomationFailedArguments(IIncidentAutomation automation, Incident incident, Exception exception, Instant retryAt)
    {
        Automation = automation;
        Incident = incident;
        Exception = exception;
        RetryAt = retryAt;
    }

    /// <summary>Gets the automation that threw.</summary>
    public IIncidentAutomation Automation { get; }

    /// <summary>Gets the incident it ran on (read it; recording on it from here is not supported).</summary>
    public Incident Incident { get; }

    /// <summary>Gets what the automation threw.</summary>
    public Exception Exception { get; }

    /// <summary>Gets when the incident is looked at again.</summary>
    public Instant RetryAt { get; }
}
