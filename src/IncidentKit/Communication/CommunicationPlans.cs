using System.Collections.Frozen;
using Ardalis.GuardClauses;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Chooses an incident's <see cref="CommunicationPlan"/> by its priority, with a fallback for priorities without a plan.</summary>
/// <remarks><see cref="Default"/> has three plans:
/// <list type="bullet">
/// <item><c>critical</c> (P1): notifies on state changes, assignment, priority changes, escalations, SLA warnings and breaches and
/// status updates; a status update every 30 minutes (owner reminded 5 minutes before) and an hourly executive summary to the
/// group <c>executives</c>.</item>
/// <item><c>high</c> (P2): state changes, escalations, SLA breaches and status updates; an update every hour (reminder 10 minutes before).</item>
/// <item><c>standard</c> (everything else): state changes only.</item>
/// </list>
/// <c>critical</c> and <c>high</c> also tell people once when the incident's alert group starts flapping
/// (<c>alert-group-flapping</c>). Every default plan uses the <c>email</c> channel. "Changing" the set returns a new instance.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class CommunicationPlans
{
    private readonly FrozenDictionary<Priority, CommunicationPlan> _byPriority;

    private CommunicationPlans(FrozenDictionary<Priority, CommunicationPlan> byPriority, CommunicationPlan fallback)
    {
        _byPriority = byPriority;
        Fallback = fallback;
    }

    /// <summary>Gets the default plans (critical for P1, high for P2, standard otherwise).</summary>
    public static CommunicationPlans Default { get; } = CreateDefault();

    /// <summary>Gets the plan for priorities without one of their own.</summary>
    public CommunicationPlan Fallback { get; }

    /// <summary>Returns a set with one plan for every priority.</summary>
    /// <param name="fallback">The plan.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fallback"/> is null.</exception>
    public static CommunicationPlans Create(CommunicationPlan fallback) =>
        new(FrozenDictionary<Priority, CommunicationPlan>.Empty, Guard.Against.Null(fallback));

    /// <summary>Returns the plan for a priority.</summary>
    /// <param name="priority">The incident's priority.</param>
    /// <returns>The priority's plan, or <see cref="Fallback"/>.</returns>
    public CommunicationPlan ForPriority(Priority priority) => _byPriority.GetValueOrDefault(priority) ?? Fallback;

    /// <summary>Returns a copy in which a priority has the given plan.</summary>
    /// <param name="priority">The priority.</param>
    /// <param name="plan">Its plan.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentException">The priority is unset.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    public CommunicationPlans With(Priority priority, CommunicationPlan plan)
    {
        Guard.Against.Null(plan);
        if (priority.Level == 0)
        {
            throw new ArgumentException("Expected a priority that was set.", nameof(priority));
        }

        var copy = new Dictionary<Priority, CommunicationPlan>(_byPriority) { [priority] = plan };
        return new(copy.ToFrozenDictionary(), Fallback);
    }

    /// <summary>Returns a copy with another fallback plan.</summary>
    /// <param name="fallback">The plan for priorities without one of their own.</param>
    /// <returns>The new set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="fallback"/> is null.</exception>
    public CommunicationPlans WithFallback(CommunicationPlan fallback) => new(_byPriority, Guard.Against.Null(fallback));

    private static CommunicationPlans CreateDefault()
    {
        var critical = new CommunicationPlanBuilder("critical")
            .NotifyOnStateChanges()
            .NotifyOn("assigned", "priority-changed", "escalated", "sla-warning-reached", "sla-breached", "status-update-posted", "alert-group-flapping")
            .StatusUpdateEvery(Duration.FromMinutes(30), Duration.FromMinutes(5))
            .ExecutiveSummaryEvery(Duration.FromHours(1), Recipient.ForGroup("executives"))
            .Build();
        var high = new CommunicationPlanBuilder("high")
            .NotifyOnStateChanges()
            .NotifyOn("escalated", "sla-breached", "status-update-posted", "alert-group-flapping")
            .StatusUpdateEvery(Duration.FromHours(1), Duration.FromMinutes(10))
            .Build();
        var standard = new CommunicationPlanBuilder("standard").NotifyOnStateChanges().Build();
        return Create(standard).With(Priority.P1, critical).With(Priority.P2, high);
    }
}
