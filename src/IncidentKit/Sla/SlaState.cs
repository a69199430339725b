using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Represents the SLA clocks of one incident at one instant, as folded from its events.</summary>
/// <threadsafety>Instances are immutable.</threadsafety>
public sealed class SlaState
{
    internal SlaState(SlaPolicy policy, Instant asOf, SlaClock response, SlaClock resolution, SlaClock update)
    {
        Policy = policy;
        AsOf = asOf;
        Response = response;
        Resolution = resolution;
        Update = update;
    }

    /// <summary>Gets the policy selected for the incident's current priority, category and tenant.</summary>
    public SlaPolicy Policy { get; }

    /// <summary>Gets the instant the clocks were read at.</summary>
    public Instant AsOf { get; }

    /// <summary>Gets the response clock (until acknowledged, work started or resolved).</summary>
    public SlaClock Response { get; }

    /// <summary>Gets the resolution clock (until resolved).</summary>
    public SlaClock Resolution { get; }

    /// <summary>Gets the update-cadence clock (until the next status update).</summary>
    public SlaClock Update { get; }

    /// <summary>Gets the clock of one target.</summary>
    /// <param name="kind">The target.</param>
    /// <returns>The clock.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined target.</exception>
    public SlaClock this[SlaTargetKind kind] => kind switch
    {
        SlaTargetKind.Response => Response,
        SlaTargetKind.Resolution => Resolution,
        SlaTargetKind.Update => Update,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected Response, Resolution or Update."),
    };

    /// <summary>Returns the clocks as text, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        $"{Policy.Name} @ {AsOf}: response {Response.Status} due {Response.DueAt}, resolution {Resolution.Status} due {Resolution.DueAt}, update {Update.Status} due {Update.DueAt}";
}
