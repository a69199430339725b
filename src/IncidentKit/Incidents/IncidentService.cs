using System.Diagnostics;
using Ardalis.GuardClauses;
using IncidentKit.Authorization;
using IncidentKit.Automations;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Runs incident commands against a store: load, decide, append, and decide again on a concurrency conflict.</summary>
/// <remarks>
/// <para>The decision is pure: it receives the freshly loaded incident and the current instant, and records events on it. When
/// another writer appended first, the store throws <see cref="IncidentConcurrencyException"/>; the service waits a short random
/// while (full-jitter exponential backoff from 1 ms, capped at 32 ms, so that writers who collided do not collide again in
/// step), reads only the events appended after the version it holds, folds them into the incident it holds, and runs the
/// decision again on the new state. It lets a conflict through only when the conflicts went on for
/// <see cref="RetryBudget"/> (30 seconds by default) or <see cref="MaxAttempts"/> attempts, whichever comes first: under
/// ordinary contention (8 writers on one incident) no decision is given up.</para>
/// <para>Writers that share one service take turns on an incident (first come, first served), so they never conflict with
/// each other; conflicts, and the retries above, come only from writers elsewhere (another service instance, process or
/// node). A decision must therefore not run this service on the same incident from inside itself: it would wait for its own
/// turn. A decision that is no longer permitted on the new
/// state throws its own exception (for example <see cref="InvalidIncidentTransitionException"/>) and nothing is written.</para>
/// <para>The clock is read once per attempt, so every event of one decision carries the same instant.</para>
/// <para>The service keeps a copy of each incident it last stored (up to 10 000), so that the next decision on it reads only the
/// events appended since (usually none) rather than the whole stream. The copy is always caught up from the store before a
/// decision, so changes made elsewhere are seen, and the append is still checked against the stored version.</para>
/// <para>Automations (<see cref="IncidentServiceOptions.Automations"/>) make the incident's timers fire: every append carries the
/// incident's next due work as they plan it after the decision (<see cref="IncidentChange.NextDue"/>), so the store's due work
/// stays in step with the events, and <see cref="RunDueAsync(ClaimedDueWork, CancellationToken)"/> runs them on due work a timer
/// worker claimed, through the same load, decide, append and retry loop as every command.</para>
/// <para>When an outbox planner is given (<see cref="IncidentServiceOptions.Outbox"/>), every append also carries the outbox
/// messages it plans for the decision's events (<see cref="IncidentChange.Outbox"/>), so a user's acknowledgement or status update
/// writes its notifications in the same transaction as the events; a decision retried after a conflict is planned again on its
/// new events.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe if its store is.</threadsafety>
public sealed partial class IncidentService
{
    private const double MaxBackoffMs = 32;

    private readonly IIncidentStore _store;
    private readonly IClock _clock;
    private readonly IncidentAutomations _automations;
    private readonly IOutboxPlanner? _outbox;
    private readonly IDueWorkStore? _dueWork;
    private readonly IIncidentAuthorizer _authorizer;
    private readonly IncidentTurns _turns = new();
    private long _conflicts;

    /// <summary>Initializes the service with the default options: no automations (no timer fires) and no outbox.</summary>
    /// <param name="store">The store.</param>
    /// <param name="clock">The clock that timestamps decisions.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="clock"/> is null.</exception>
    public IncidentService(IIncidentStore store, IClock clock)
        : this(store, clock, new IncidentServiceOptions())
    {
    }

    /// <summary>Initializes the service.</summary>
    /// <param name="store">The store.</param>
    /// <param name="clock">The clock that timestamps decisions.</param>
    /// <param name="options">The rules, retries, automations, outbox and due-work store; read once, here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/>, <paramref name="clock"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="IncidentServiceOptions.Automations"/> holds a null automation.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="IncidentServiceOptions.MaxAttempts"/> is outside 1 to 10 000,
    /// <see cref="IncidentServiceOptions.RetryBudget"/> outside zero to 10 minutes, or
    /// <see cref="IncidentServiceOptions.AutomationRetryDelay"/> not positive.</exception>
    public IncidentService(IIncidentStore store, IClock clock, IncidentServiceOptions options)
    {
        _store = Guard.Against.Null(store);
        _clock = Guard.Against.Null(clock);
        Guard.Against.Null(options);
        Rules = options.Rules ?? IncidentRules.Default;
        MaxAttempts = Guard.Against.OutOfRange(options.MaxAttempts, nameof(options.MaxAttempts), 1, 10_000,
            $"{nameof(IncidentServiceOptions)}.{nameof(options.MaxAttempts)} must be 1 to 10 000, was {options.MaxAttempts}.");
        RetryBudget = Guard.Against.OutOfRange(options.RetryBudget, nameof(options.RetryBudget), TimeSpan.Zero, TimeSpan.FromMinutes(10),
            $"{nameof(IncidentServiceOptions)}.{nameof(options.RetryBudget)} must be zero to 10 minutes, was {options.RetryBudget}.");
        if (options.AutomationRetryDelay <= Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.AutomationRetryDelay,
                $"{nameof(IncidentServiceOptions)}.{nameof(options.AutomationRetryDelay)} must be positive.");
        }

        if (options.Automations.Any(a => a is null))
        {
            throw new ArgumentException($"{nameof(IncidentServiceOptions)}.{nameof(options.Automations)} holds a null automation.", nameof(options));
        }

        _automations = new IncidentAutomations(options.Automations, options.AutomationRetryDelay, options.OnAutomationFailed);
        _outbox = options.Outbox;
        _dueWork = options.DueWork ?? store as IDueWorkStore;
        _authorizer = options.Authorizer ?? RoleIncidentAuthorizer.Instance;
    }

    /// <summary>Gets the rules decisions are made by.</summary>
    public IncidentRules Rules { get; }

    /// <summary>Gets the most times a decision runs before a concurrency conflict is let through.</summary>
    public int MaxAttempts { get; }

    /// <summary>Gets how long a decision keeps being retried on concurrency conflicts before the last conflict is let through.</summary>
    public TimeSpan RetryBudget { get; }

    /// <summary>Gets the automations that make incidents' timers fire, in the order they run.</summary>
    public IReadOnlyList<IIncidentAutomation> Automations => _automations.All;

    /// <summary>Logs a new incident and stores it.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="details">What is known so far.</param>
    /// <param name="actor">Who logs it.</param>
    /// <param name="id">The id to use; <see langword="null"/> makes a new one. Logging the same id twice is refused by the store.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The stored incident.</returns>
    /// <exception cref="ArgumentException">The details are invalid (see <see cref="Incident.Open"/>).</exception>
    /// <exception cref="IncidentConcurrencyException">An incident with that id exists already.</exception>
    public async Task<Incident> OpenAsync(TenantId tenant, NewIncident details, UserId actor, IncidentId? id = null, CancellationToken cancellationToken = default)
    {
        var incident = Incident.Open(id ?? IncidentId.New(), tenant, details, _clock.GetCurrentInstant(), actor, Rules);
        await _store.AppendAsync(await ChangeOfAsync(incident, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        incident.MarkCommitted();
        Hold(incident);
        return incident;
    }

    /// <summary>Loads an incident, or returns <see langword="null"/> when the tenant has no such incident.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The incident.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The incident, or <see langword="null"/>.</returns>
    public async Task<Incident?> FindOrNullAsync(TenantId tenant, IncidentId id, CancellationToken cancellationToken = default)
    {
        var history = await _store.ReadAsync(tenant, id, 0, cancellationToken).ConfigureAwait(false);
        return history.Exists ? Incident.FromHistory(history.Events, Rules) : null;
    }

    /// <summary>Runs a decision on an incident and stores the events it records, retrying on concurrency conflicts.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The incident.</param>
    /// <param name="decide">The decision: receives the loaded incident and the current instant, and calls its commands.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The incident after the stored decision (unchanged when the decision recorded nothing).</returns>
    /// <exception cref="IncidentNotFoundException">The tenant has no such incident.</exception>
    /// <exception cref="IncidentConcurrencyException">Other writers won every attempt for <see cref="RetryBudget"/> or <see cref="MaxAttempts"/> attempts.</exception>
    /// <exception cref="InvalidIncidentTransitionException">The decision's command is not permitted on the current state.</exception>
    public async Task<Incident> ExecuteAsync(TenantId tenant, IncidentId id, Action<Incident, Instant> decide, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(decide);
        return await CommitAsync(tenant, id, async (incident, token) =>
        {
            decide(incident, _clock.GetCurrentInstant());
            return incident.PendingEvents.Count == 0 ? null : await ChangeOfAsync(incident, token).ConfigureAwait(false);
        }, cancellationToken, cancellationToken).ConfigureAwait(false)
            ?? throw new IncidentNotFoundException(tenant, id);
    }

    // The one load, decide, append and retry loop of every write (commands, notification facts, due work). The decision records
    // on the incident and returns the change to append, or null for nothing to write (the incident is then returned as decided).
    // Returns null when the tenant has no such incident. The decision and the reads run under decideToken; the append under
    // appendToken only, so that a worker's lease given up by its own append's re-plan cannot cancel the append while it commits.
    private async Task<Incident?> CommitAsync(TenantId tenant, IncidentId id, Func<Incident, CancellationToken, ValueTask<IncidentChange?>> decide,
        CancellationToken decideToken, CancellationToken appendToken)
    {
        // Writers of this service on one incident take turns (first come, first served) instead of racing each other: only
        // writers elsewhere (other services, processes, nodes) can still conflict, and those conflicts are retried below.
        using var turn = await _turns.TakeAsync((tenant, id), decideToken).ConfigureAwait(false);

        // The incident as stored at the version last read; each attempt decides on a copy of it, so a lost attempt leaves it
        // untouched and only the events appended since need reading and folding in.
        var held = await HeldOrLoadAsync(tenant, id, decideToken).ConfigureAwait(false);
        if (held is null)
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var incident = held.Copy();
            if (await decide(incident, decideToken).ConfigureAwait(false) is not { } change)
            {
                return incident;
            }

            // Deciding may take long; a decision whose token was cancelled meanwhile (a worker's lost lease) must not write.
            decideToken.ThrowIfCancellationRequested();
            try
            {
                await _store.AppendAsync(change, appendToken).ConfigureAwait(false);
                incident.MarkCommitted();
                Hold(incident);
                return incident;
            }
            catch (IncidentConcurrencyException) when (attempt < MaxAttempts && Stopwatch.GetElapsedTime(started) < RetryBudget)
            {
                // Someone else wrote first: wait a little, then decide again on their result.
                Interlocked.Increment(ref _conflicts);
            }

            await Task.Delay(Backoff(attempt), decideToken).ConfigureAwait(false);
            held = await CatchUpAsync(held, decideToken).ConfigureAwait(false);
        }
    }

    /// <summary>Gets how many concurrency conflicts this service has retried since it was created (for metrics and benchmarks).</summary>
    public long ConflictsRetried => Interlocked.Read(ref _conflicts);

    // Full jitter (a uniform draw below an exponentially growing cap): writers who collided spread out instead of colliding in
    // step again, and the cap keeps a writer who lost often from waiting much longer than the others.
    private static TimeSpan Backoff(int attempt)
    {
        var capMs = Math.Min(MaxBackoffMs, Math.Pow(2, Math.Min(attempt - 1, 10)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * capMs);
    }

    // Reads the events after the held version and folds them in; when the stream is not what was held (it cannot shrink, but a
    // store may have been restored from a backup), starts again from the whole stream.
    private async Task<Incident> CatchUpAsync(Incident held, CancellationToken cancellationToken)
    {
        var newer = await _store.ReadAsync(held.Tenant, held.Id, held.Version, cancellationToken).ConfigureAwait(false);
        if (newer.Version == held.Version + newer.Events.Count && newer.Version >= held.Version)
        {
            held.ApplyCommitted(newer.Events);
            return held;
        }

        return await FindOrNullAsync(held.Tenant, held.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new IncidentNotFoundException(held.Tenant, held.Id);
    }

    private async ValueTask<IncidentChange> ChangeOfAsync(Incident incident, CancellationToken cancellationToken)
    {
        var change = IncidentChange.For(incident) with { NextDue = _automations.Plan(incident) };

        if (_outbox is not null)
        {
            change = change with { Outbox = await _outbox.PlanAsync(incident, change.Events, incident.LastChangedAt, cancellationToken).ConfigureAwait(false) };
        }

        return change;
    }
}
