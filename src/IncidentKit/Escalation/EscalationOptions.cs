using Ardalis.GuardClauses;

namespace IncidentKit.Escalation;

/// <summary>Holds the settings the escalation engine and its state fold decide by.</summary>
/// <threadsafety>Instances are immutable once initialized.</threadsafety>
public sealed class EscalationOptions
{
    private int _slaWarningPercent = 75;

    /// <summary>Gets the default options.</summary>
    public static EscalationOptions Default { get; } = new();

    /// <summary>Gets or initializes the SLA warning threshold that triggers a functional step: the first <see cref="Incidents.Events.SlaWarningReached"/>
    /// of a target at or above this percentage escalates, lower warnings do not.</summary>
    /// <value>The default value is 75.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and 100.</exception>
    public int SlaWarningPercent
    {
        get => _slaWarningPercent;
        init => _slaWarningPercent = Guard.Against.OutOfRange(value, nameof(value), 1, 100);
    }
}
