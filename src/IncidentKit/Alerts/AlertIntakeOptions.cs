using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Configures how alert groups open, resolve, reopen and flap.</summary>
/// <threadsafety>Instances are mutable until handed to an <see cref="AlertProcessor"/>; do not change them afterwards.</threadsafety>
public sealed class AlertIntakeOptions
{
    /// <summary>Gets or sets what happens when every alert of a group has resolved.</summary>
    /// <value>The default value is <see cref="AutoResolveMode.Resolve"/>.</value>
    public AutoResolveMode AutoResolve { get; set; } = AutoResolveMode.Resolve;

    /// <summary>Gets or sets how long every alert must stay resolved before the incident resolves; zero resolves at once.</summary>
    /// <value>The default value is zero.</value>
    public Duration HoldDown { get; set; } = Duration.Zero;

    /// <summary>Gets or sets how long after an automatic resolution a re-fire reopens the incident instead of opening a new one.</summary>
    /// <remarks>The incident workflow's own reopen window (<see cref="IncidentWorkflowOptions.ReopenWindow"/>) must allow it too.</remarks>
    /// <value>The default value is one hour.</value>
    public Duration ReopenWindow { get; set; } = Duration.FromHours(1);

    /// <summary>Gets or sets how many state changes within <see cref="FlappingWindow"/> make a group flap; 0 never flaps.</summary>
    /// <value>The default value is 6.</value>
    public int FlappingThreshold { get; set; } = 6;

    /// <summary>Gets or sets the window in which state changes are counted.</summary>
    /// <value>The default value is 10 minutes.</value>
    public Duration FlappingWindow { get; set; } = Duration.FromMinutes(10);

    /// <summary>Gets or sets how long a flapping group must stay without state changes to stop flapping.</summary>
    /// <value>The default value is 15 minutes.</value>
    public Duration FlappingQuietPeriod { get; set; } = Duration.FromMinutes(15);

    /// <summary>Gets or sets the actor of everything the intake records.</summary>
    /// <value>The default value is <c>system:monitoring</c>.</value>
    public UserId Actor { get; set; } = new("system:monitoring");

    /// <summary>Checks the options.</summary>
    /// <exception cref="ConfigurationValidationException">A value is out of range; every problem is listed.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(AutoResolve))
        {
            problems.Add($"{nameof(AutoResolve)}: {AutoResolve} is not a mode.");
        }

        if (HoldDown < Duration.Zero)
        {
            problems.Add($"{nameof(HoldDown)}: expected zero or more, got {HoldDown}.");
        }

        if (ReopenWindow < Duration.Zero)
        {
            problems.Add($"{nameof(ReopenWindow)}: expected zero or more, got {ReopenWindow}.");
        }

        if (FlappingThreshold is < 0 or > 1000)
        {
            problems.Add($"{nameof(FlappingThreshold)}: expected 0 to 1000, got {FlappingThreshold}.");
        }

        if (FlappingWindow <= Duration.Zero || FlappingQuietPeriod <= Duration.Zero)
        {
            problems.Add($"{nameof(FlappingWindow)} and {nameof(FlappingQuietPeriod)}: expected more than zero.");
        }

        if (Actor.Value is null)
        {
            problems.Add($"{nameof(Actor)}: expected an actor.");
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("alert intake options", problems);
        }
    }
}
