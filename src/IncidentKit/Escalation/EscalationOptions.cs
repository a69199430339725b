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

    /// <summary>Gets or initializes whether SLA warnings and breaches still page through the escalation policy once someone has
    /// acknowledged the incident (or started work on it).</summary>
    /// <remarks>By default an acknowledgement stops all paging: a warning or breach that comes later is not an escalation step. It
    /// still reaches people through the communication plan (the owner is told of SLA warnings and breaches the plan notifies on,
    /// and the plan's executive recipients of breaches, see <see cref="Communication.NotificationComposer"/>). Paging resumes only
    /// when the incident is reopened (a new cycle that waits for a new acknowledgement) or someone escalates by hand. Set this to
    /// <see langword="true"/> for the older rule, in which a breach reaches the policy's next hierarchical level even while someone works on it.</remarks>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool SlaPagesAfterAcknowledgement { get; init; }
}
