using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Testing;

/// <summary>Builds an incident in a given state with a given history, through the incident's own commands, in one line:
/// <c>new IncidentBuilder().WithTitle("Checkout is down").AssignedTo(bob).InState(IncidentState.OnHold).Build()</c>.</summary>
/// <remarks>
/// <para>The incident opens at <see cref="OpenedAt"/> (by default <see cref="DefaultOpenedAt"/>) and each later step
/// happens <see cref="StepsApart(Duration)"/> after the one before (by default one minute), so the history reads like a real
/// one. Every step goes through the same command a user would call, so the rules (<see cref="WithRules(IncidentRules)"/>)
/// check it and the events are exactly what the library records; a step the rules refuse throws the rule's own exception.</para>
/// <para>The builder keeps a list of steps and runs them on each <see cref="Build"/>, so one builder gives fresh, equal
/// incidents each time (with the same id; use <see cref="WithId(IncidentId)"/> or a new builder for another).</para>
/// </remarks>
/// <threadsafety>This type is mutable and not thread-safe; build on one thread.</threadsafety>
public sealed class IncidentBuilder
{
    private readonly List<Action<Incident, Func<Instant>, UserId>> _steps = [];
    private IncidentId _id = IncidentId.New();
    private TenantId _tenant = TenantId.Default;
    private Instant _openedAt = DefaultOpenedAt;
    private UserId _openedBy = DefaultActor;
    private UserId? _actor;
    private Duration _gap = Duration.FromMinutes(1);
    private IncidentRules? _rules;
    private NewIncident _details = new() { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout" };

    /// <summary>Gets the instant incidents open at unless told otherwise: 15 June 2026, 14:00 UTC.</summary>
    public static Instant DefaultOpenedAt { get; } = Instant.FromUtc(2026, 6, 15, 14, 0);

    /// <summary>Gets the user who opens incidents and runs their steps unless told otherwise: <c>reporter</c>.</summary>
    public static UserId DefaultActor { get; } = new("reporter");

    /// <summary>Sets the incident's id.</summary>
    /// <param name="id">The id.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder WithId(IncidentId id)
    {
        _id = id;
        return this;
    }

    /// <summary>Sets the tenant the incident belongs to.</summary>
    /// <param name="tenant">The tenant; by default <see cref="TenantId.Default"/>.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder WithTenant(TenantId tenant)
    {
        _tenant = tenant;
        return this;
    }

    /// <summary>Sets everything known when the incident opens.</summary>
    /// <param name="details">The details; by default "Checkout is down" on the <c>checkout</c> service, high impact and urgency (a P1 in the default matrix).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="details"/> is null.</exception>
    public IncidentBuilder WithDetails(NewIncident details)
    {
        _details = details ?? throw new ArgumentNullException(nameof(details));
        return this;
    }

    /// <summary>Sets the incident's title.</summary>
    /// <param name="title">The title.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder WithTitle(string title)
    {
        _details = _details with { Title = title };
        return this;
    }

    /// <summary>Sets the impact and urgency the incident opens with, and so its priority.</summary>
    /// <param name="impact">The impact.</param>
    /// <param name="urgency">The urgency.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder WithPriority(Impact impact, Urgency urgency)
    {
        _details = _details with { Impact = impact, Urgency = urgency };
        return this;
    }

    /// <summary>Sets the rules the incident decides by.</summary>
    /// <param name="rules">The rules; by default <see cref="IncidentRules.Default"/>.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder WithRules(IncidentRules rules)
    {
        _rules = rules;
        return this;
    }

    /// <summary>Sets when and by whom the incident opens.</summary>
    /// <param name="at">When it opens.</param>
    /// <param name="by">Who opens it; <see langword="null"/> keeps <see cref="DefaultActor"/>.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder OpenedAt(Instant at, UserId? by = null)
    {
        _openedAt = at;
        _openedBy = by ?? _openedBy;
        return this;
    }

    /// <summary>Sets who runs the steps after opening.</summary>
    /// <param name="actor">The user; by default whoever opened the incident.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder ActingAs(UserId actor)
    {
        _actor = actor;
        return this;
    }

    /// <summary>Sets the time between two steps of the history.</summary>
    /// <param name="gap">The time; positive; by default one minute.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gap"/> is not positive.</exception>
    public IncidentBuilder StepsApart(Duration gap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(gap, Duration.Zero);
        _gap = gap;
        return this;
    }

    /// <summary>Adds a step of history: any command, at the step's instant, by the acting user.</summary>
    /// <param name="step">The step, e.g. <c>(incident, at, actor) =&gt; incident.AddWorkNote("checked the replicas", at, actor)</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="step"/> is null.</exception>
    public IncidentBuilder Then(Action<Incident, Instant, UserId> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add((incident, next, actor) => step(incident, next(), actor));
        return this;
    }

    /// <summary>Adds a step that assigns the incident.</summary>
    /// <param name="assignee">Who takes it.</param>
    /// <param name="assignmentGroup">The group, if any.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder AssignedTo(UserId assignee, string? assignmentGroup = null) =>
        Then((incident, at, actor) => incident.Assign(assignee, assignmentGroup, at, actor));

    /// <summary>Adds a step that writes a work note.</summary>
    /// <param name="text">The note.</param>
    /// <returns>This builder.</returns>
    public IncidentBuilder WithWorkNote(string text) => Then((incident, at, actor) => incident.AddWorkNote(text, at, actor));

    /// <summary>Adds the steps that take the incident from wherever the history has left it to a state, along the usual path:
    /// acknowledge, start work, put on hold, resolve, close; or cancel.</summary>
    /// <param name="state">The state to reach.</param>
    /// <returns>This builder.</returns>
    /// <remarks>Each command is one step. When the rules require an assignee to start work and none is set, the acting user is
    /// assigned first. From <see cref="IncidentState.Resolved"/> back to an open state the incident is reopened (within the
    /// rules' reopen window). A closed or cancelled incident goes nowhere: building then throws <see cref="InvalidOperationException"/>.</remarks>
    public IncidentBuilder InState(IncidentState state)
    {
        _steps.Add((incident, next, actor) => DriveTo(incident, state, next, actor));
        return this;
    }

    /// <summary>Builds the incident as a store would load it: the whole history, nothing pending.</summary>
    /// <returns>The incident.</returns>
    /// <exception cref="ArgumentException">A step's arguments are invalid.</exception>
    /// <exception cref="InvalidIncidentTransitionException">The rules refuse a step.</exception>
    /// <exception cref="InvalidOperationException">The state asked for cannot be reached from where the history is.</exception>
    public Incident Build() => Incident.FromHistory(BuildUncommitted().Events, _rules);

    /// <summary>Builds the incident as just decided: every event of its history still pending, as a store would be asked to append them.</summary>
    /// <returns>The incident.</returns>
    /// <exception cref="ArgumentException">A step's arguments are invalid.</exception>
    /// <exception cref="InvalidIncidentTransitionException">The rules refuse a step.</exception>
    /// <exception cref="InvalidOperationException">The state asked for cannot be reached from where the history is.</exception>
    public Incident BuildUncommitted()
    {
        var at = _openedAt;
        var incident = Incident.Open(_id, _tenant, _details, at, _openedBy, _rules);
        Instant Next() => at += _gap;
        foreach (var step in _steps)
        {
            step(incident, Next, _actor ?? _openedBy);
        }

        return incident;
    }

    /// <summary>Builds the incident's history: its events, oldest first.</summary>
    /// <returns>The events.</returns>
    /// <exception cref="InvalidIncidentTransitionException">The rules refuse a step.</exception>
    public IReadOnlyList<IncidentEvent> BuildHistory() => BuildUncommitted().Events;

    /// <summary>Builds the incident and appends its history to a store as a new stream.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">The token to stop.</param>
    /// <returns>The incident as stored, nothing pending.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="IncidentConcurrencyException">The store already holds another incident with this id.</exception>
    /// <remarks>The events go in as they are: no due work is planned and no notification is written, so no timer fires for the
    /// incident. To test timers, open it through <see cref="IncidentService"/> (see <see cref="IncidentKitTestHost"/>).</remarks>
    public async Task<Incident> SaveToAsync(IIncidentWriter store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var incident = BuildUncommitted();
        await store.AppendAsync(IncidentChange.For(incident), cancellationToken).ConfigureAwait(false);
        return Incident.FromHistory(incident.Events, _rules);
    }

    private static void DriveTo(Incident incident, IncidentState target, Func<Instant> next, UserId actor)
    {
        for (var moves = 0; incident.State != target; moves++)
        {
            if (moves > 8 || incident.State is IncidentState.Closed or IncidentState.Cancelled)
            {
                throw new InvalidOperationException($"An incident that is {incident.State} cannot be taken to {target}.");
            }

            var at = next();
            switch (incident.State)
            {
                case var _ when target == IncidentState.Cancelled:
                    incident.Cancel("cancelled by the test", at, actor);
                    break;
                case IncidentState.New:
                    incident.Acknowledge(at, actor);
                    break;
                case IncidentState.Acknowledged when target == IncidentState.OnHold && incident.CanExecute(IncidentCommand.PutOnHold, at):
                    incident.PutOnHold("waiting on the customer", at, actor);
                    break;
                case IncidentState.Acknowledged when incident.Assignee is null && !incident.CanExecute(IncidentCommand.StartWork, at):
                    incident.Assign(actor, null, at, actor);
                    break;
                case IncidentState.Acknowledged:
                    incident.StartWork(at, actor);
                    break;
                case IncidentState.InProgress when target == IncidentState.OnHold:
                    incident.PutOnHold("waiting on the customer", at, actor);
                    break;
                case IncidentState.InProgress when target == IncidentState.Acknowledged:
                    throw new InvalidOperationException("An incident that is InProgress does not go back to Acknowledged.");
                case IncidentState.InProgress:
                    incident.Resolve("fixed", "resolved by the test", at, actor);
                    break;
                case IncidentState.OnHold:
                    incident.Resume(at, actor);
                    break;
                case IncidentState.Resolved when target == IncidentState.Closed:
                    incident.Close(at, actor);
                    break;
                case IncidentState.Resolved:
                    incident.Reopen("reopened by the test", at, actor);
                    break;
                default:
                    throw new InvalidOperationException($"An incident that is {incident.State} cannot be taken to {target}.");
            }
        }
    }
}
