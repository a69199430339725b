using Ardalis.GuardClauses;
using IncidentKit.Guards;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Decides, purely and in memory, what each alert and each passing instant means for one alert group's incident: the
/// rules the alert intake follows (grouping, silences, auto-resolve with hold-down, reopen window, flapping).</summary>
/// <remarks>
/// <para>The intake (<see cref="AlertProcessor"/>) keeps this state in its store and applies the actions to stored incidents;
/// this class gives the same decisions to a caller that keeps incidents itself, such as a simulator or a test. Route the alert
/// with <see cref="AlertRoutingTable.Route"/>, find its group with <see cref="AlertRoutingTable.GroupKey"/>, keep one
/// <see cref="AlertGroup"/> per key, and apply the returned actions in order. Call <see cref="Tick"/> at
/// <see cref="NextCheckAt"/>, when a silence, a hold-down or a flapping period ends.</para>
/// </remarks>
/// <threadsafety>Not thread-safe: a group is decided by one caller at a time.</threadsafety>
public sealed class AlertGroup
{
    private readonly AlertGroupState _state;

    /// <summary>Initializes a group that has seen no alert yet.</summary>
    /// <param name="tenant">The tenant whose alerts the group holds.</param>
    /// <param name="groupKey">The group's key, as <see cref="AlertRoutingTable.GroupKey"/> gives it.</param>
    /// <exception cref="ArgumentException"><paramref name="groupKey"/> is empty or <paramref name="tenant"/> is unset.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="groupKey"/> is null.</exception>
    public AlertGroup(TenantId tenant, string groupKey)
    {
        Guard.Against.NullOrEmpty(groupKey);
        Guard.Against.Unset(tenant);
        _state = new AlertGroupState { Tenant = tenant, GroupKey = groupKey };
    }

    /// <summary>Gets the tenant.</summary>
    public TenantId Tenant => _state.Tenant;

    /// <summary>Gets the group's key.</summary>
    public string GroupKey => _state.GroupKey;

    /// <summary>Gets how many incidents the group has opened; each opening counts one more.</summary>
    public int Generation => _state.Generation;

    /// <summary>Decides what a received alert means.</summary>
    /// <param name="alert">The alert, firing or resolved.</param>
    /// <param name="route">Its routing decision.</param>
    /// <param name="now">When it was received.</param>
    /// <param name="silences">The maintenance windows in force.</param>
    /// <param name="options">The intake's rules.</param>
    /// <returns>The actions to apply to the group's incident, in order; empty when a repeat changes nothing.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IReadOnlyList<AlertGroupAction> Receive(Alert alert, RouteDecision route, Instant now, SilenceSet silences, AlertIntakeOptions options)
    {
        Guard.Against.Null(alert);
        Guard.Against.Null(silences);
        Guard.Against.Null(options);
        AlertGroupEngine.Receive(_state, alert, route, now, silences, options);
        return TakePending();
    }

    /// <summary>Decides what the passing of time means: silences that ended, a hold-down that expired, flapping gone quiet.</summary>
    /// <param name="now">The instant.</param>
    /// <param name="silences">The maintenance windows in force.</param>
    /// <param name="options">The intake's rules.</param>
    /// <returns>The actions to apply to the group's incident, in order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public IReadOnlyList<AlertGroupAction> Tick(Instant now, SilenceSet silences, AlertIntakeOptions options)
    {
        Guard.Against.Null(silences);
        Guard.Against.Null(options);
        AlertGroupEngine.Tick(_state, now, silences, options);
        return TakePending();
    }

    /// <summary>Returns when <see cref="Tick"/> next has something to decide, or <see langword="null"/> when nothing is waiting.</summary>
    /// <param name="options">The intake's rules.</param>
    /// <returns>The instant, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    public Instant? NextCheckAt(AlertIntakeOptions options)
    {
        Guard.Against.Null(options);
        return AlertGroupEngine.NextCheckAt(_state, options);
    }

    private AlertGroupAction[] TakePending()
    {
        AlertGroupAction[] actions = [.. _state.Pending.Select(ToPublic)];
        _state.Pending.Clear();
        _state.Changed.Clear(); // kept in memory: nothing to save
        return actions;
    }

    private static AlertGroupAction ToPublic(AlertAction action) => new(action.Kind, action.Incident)
    {
        NewIncident = action.Template?.ToNewIncident(),
        AlertKey = action.AlertKey,
        Source = action.Source,
        Text = action.Text,
    };
}
