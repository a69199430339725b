using Ardalis.GuardClauses;
using IncidentKit.Authorization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Runs the alert intake: records received alerts in the inbox, then routes, groups, deduplicates and turns them into
/// incident decisions (open, link, reopen, resolve, note) applied through an <see cref="IncidentService"/>.</summary>
/// <remarks>
/// <para>Receiving only writes the inbox (<see cref="ReceiveAsync"/>); answer the sender after it returns. Processing
/// (<see cref="ProcessPendingAsync"/>) claims inbox records under leases and, per record, loads the group's state, decides with
/// the pure group engine, saves the state with compare-and-set (with the decided actions queued in it) and then applies the
/// actions to the incident. Every action is idempotent (the group's incident id is derived from the group and its generation,
/// a link is skipped when present, a resolve when resolved), so a crash at any point is repaired by processing again, and
/// processing a record twice changes nothing. Several nodes may process one store: compare-and-set keeps one decision per
/// group state, and the store lets only the first node open a given incident id.</para>
/// <para>Time-driven changes (a silence ending while the alert fires, a hold-down expiring, a flapping group going quiet) happen
/// in <see cref="CheckDueAsync"/>, and missed heartbeats in <see cref="RunHeartbeatChecksAsync"/> (due work under leases), which a
/// worker calls periodically.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed partial class AlertProcessor
{
    private const int MaxAttempts = 20;
    private static readonly Duration Lease = Duration.FromSeconds(30);
    private readonly IAlertStore _store;
    private readonly IncidentService _incidents;
    private readonly IClock _clock;
    private readonly AlertIntakeOptions _options;
    private readonly Dictionary<(TenantId, string), HeartbeatMonitor> _heartbeats;
    private volatile SilenceSet _silences = SilenceSet.Empty;
    private volatile AlertRoutingTable _routes;

    /// <summary>Initializes a processor.</summary>
    /// <param name="store">The store of the inbox and groups (the incident store itself, for the shipped stores).</param>
    /// <param name="incidents">The incident service the decisions are applied through.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="routes">The routing table; <see langword="null"/> takes <see cref="AlertRoutingTable.Empty"/>.</param>
    /// <param name="options">The options; <see langword="null"/> takes the defaults. Validated here.</param>
    /// <param name="heartbeats">The heartbeat monitors, if any.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid.</exception>
    public AlertProcessor(IAlertStore store, IncidentService incidents, IClock clock, AlertRoutingTable? routes = null,
        AlertIntakeOptions? options = null, IEnumerable<HeartbeatMonitor>? heartbeats = null)
    {
        _store = Guard.Against.Null(store);
        _incidents = Guard.Against.Null(incidents);
        _clock = Guard.Against.Null(clock);
        _routes = routes ?? AlertRoutingTable.Empty;
        _options = options ?? new AlertIntakeOptions();
        _options.Validate();
        _heartbeats = (heartbeats ?? []).ToDictionary(h => (h.Tenant, h.Name));
    }

    /// <summary>Gets or sets the maintenance windows in force; replace the whole set to change them. Windows kept in the store
    /// (<see cref="RefreshSilencesAsync"/>) are used beside the ones set here.</summary>
    public SilenceSet Silences
    {
        get => _silences;
        set
        {
            _configured = Guard.Against.Null(value);
            _silences = Combine();
        }
    }

    /// <summary>Gets the authoriser every incident action of the intake is checked with, as the system actor of the alert's
    /// tenant (<see cref="IncidentActor.System"/> with the options' actor).</summary>
    /// <value>The default value is <see cref="RoleIncidentAuthorizer.Instance"/>, which lets the system actor act.</value>
    /// <remarks>A denied action is not applied and nothing of its decision is saved: <see cref="ProcessPendingAsync"/> leaves the
    /// inbox record to be processed again after its lease and throws <see cref="IncidentAccessDeniedException"/> once the other
    /// records are done, so the host logs it; <see cref="CheckDueAsync"/> throws it and checks the group again next time.</remarks>
    public IIncidentAuthorizer Authorizer
    {
        get;
        init => field = Guard.Against.Null(value);
    } = RoleIncidentAuthorizer.Instance;

    /// <summary>Gets or sets the routing table; replace it to change the rules.</summary>
    public AlertRoutingTable Routes
    {
        get => _routes;
        set => _routes = Guard.Against.Null(value);
    }

    /// <summary>Records received alerts in the inbox: durable when this completes, processed later.</summary>
    /// <param name="tenant">The tenant of the integration key that delivered them.</param>
    /// <param name="alerts">The alerts of one delivery.</param>
    /// <param name="cancellationToken">The token to cancel the writes.</param>
    /// <returns>One receipt per alert.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alerts"/> is null.</exception>
    public async Task<IReadOnlyList<AlertReceipt>> ReceiveAsync(TenantId tenant, IEnumerable<Alert> alerts, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(alerts);
        var now = _clock.GetCurrentInstant();
        if (alerts is IReadOnlyList<Alert> { Count: 1 } one)
        {
            // One alert per delivery (Events v2, webhooks, a storm's Alertmanager posts): no task list to build and await.
            return [await _store.ReceiveAsync(new AlertReceived(Guid.CreateVersion7(), tenant, one[0], now), cancellationToken).ConfigureAwait(false)];
        }

        var writes = alerts.Select(a => _store.ReceiveAsync(new AlertReceived(Guid.CreateVersion7(), tenant, a, now), cancellationToken).AsTask()).ToList();

        // Concurrent writes share a commit in stores with group commit.
        return await Task.WhenAll(writes).ConfigureAwait(false);
    }

    /// <summary>Records a heartbeat ping in the inbox.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="monitor">The monitor's name.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when recorded; <see langword="false"/> when the tenant has no such monitor.</returns>
    public async Task<bool> PingAsync(TenantId tenant, string monitor, CancellationToken cancellationToken = default)
    {
        if (!_heartbeats.TryGetValue((tenant, monitor ?? ""), out var m))
        {
            return false;
        }

        var now = _clock.GetCurrentInstant();
        var alert = new Alert { Integration = AlertGroupEngine.HeartbeatKey, Key = m.Name, Status = AlertStatus.Resolved, StartsAt = now, Summary = m.Title };
        await _store.ReceiveAsync(new AlertReceived(Guid.CreateVersion7(), tenant, alert, now), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Claims and processes unprocessed inbox records.</summary>
    /// <param name="owner">The processor's name, e.g. host and process id.</param>
    /// <param name="maxItems">The most records to take in this call, 1 to 10 000 (claimed from the store 1 000 at a time).</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns>How many records were processed.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    /// <exception cref="IncidentAccessDeniedException">The <see cref="Authorizer"/> denied an action of a record; the other records
    /// were processed, and the denied one stays in the inbox to be processed again after its lease.</exception>
    /// <remarks>A larger round costs less per alert under a storm: each group's records of the round are decided together, so the
    /// group's state is read and saved, and its incident appended to, once per round rather than once per 1 000 records.</remarks>
    public async Task<int> ProcessPendingAsync(string owner, int maxItems = 100, CancellationToken cancellationToken = default)
    {
        var claimed = await ClaimRoundAsync(owner, maxItems, cancellationToken).ConfigureAwait(false);
        var denied = await ProcessBatchedAsync(claimed, cancellationToken).ConfigureAwait(false);
        return denied is null ? claimed.Count : throw denied;
    }

    /// <summary>Applies what time alone decides for groups whose check has come: silences ended, hold-downs expired, flapping
    /// groups gone quiet (and heartbeats missed, when the store keeps no due checks; see <see cref="RunHeartbeatChecksAsync"/>).</summary>
    /// <param name="maxItems">The most groups to check, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the work.</param>
    /// <returns>How many groups changed.</returns>
    /// <exception cref="IncidentAccessDeniedException">The <see cref="Authorizer"/> denied an action; that group is unchanged and is
    /// checked again next time.</exception>
    public async Task<int> CheckDueAsync(int maxItems = 100, CancellationToken cancellationToken = default)
    {
        var due = await _store.ListDueGroupsAsync(_clock.GetCurrentInstant(), maxItems, cancellationToken).ConfigureAwait(false);
        var changed = 0;
        foreach (var group in due)
        {
            if (await DecideAsync(group.Tenant, group.GroupKey, (state, now) => AlertGroupEngine.Tick(state, now, _silences, _options, GroupChecksHeartbeats), cancellationToken).ConfigureAwait(false))
            {
                changed++;
            }
        }

        return changed;
    }

    private async Task<bool> ProcessAsync(AlertReceived received, CancellationToken cancellationToken)
    {
        var alert = received.Alert;
        if (alert.Integration == AlertGroupEngine.HeartbeatKey)
        {
            if (!_heartbeats.TryGetValue((received.Tenant, alert.Key), out var monitor))
            {
                return false;
            }

            Instant? deadline = null;
            var pinged = await DecideAsync(received.Tenant, HeartbeatGroup(monitor), (state, now) =>
            {
                state.Template ??= new IncidentTemplate(monitor.Title, null, Prioritization.Impact.Medium, Prioritization.Urgency.High, null, null, null, AlertGroupEngine.HeartbeatKey);
                var changed = AlertGroupEngine.Ping(state, monitor.Interval, monitor.Grace, now, _options);
                deadline = AlertGroupEngine.HeartbeatDueAt(state);
                return changed;
            }, cancellationToken).ConfigureAwait(false);
            await ScheduleHeartbeatCheckAsync(monitor, deadline, cancellationToken).ConfigureAwait(false);
            return pinged;
        }

        // An Events v2 acknowledge or resolve carries no payload, so none of the labels its trigger was routed and grouped by:
        // it goes to the group its trigger went to.
        var remembered = alert.Status != AlertStatus.Firing && alert.Labels.Count == 0
            ? await _store.FindGroupOrNullAsync(received.Tenant, AliasKey(alert), cancellationToken).ConfigureAwait(false)
            : null;
        var route = _routes.Route(alert, received.Tenant);
        if (remembered is null && route.Drop)
        {
            return false;
        }

        var groupKey = remembered?.State ?? AlertRoutingTable.GroupKey(route, alert);
        var decided = await DecideAsync(received.Tenant, groupKey, (state, now) => AlertGroupEngine.Receive(state, alert, route, now, _silences, _options), cancellationToken)
            .ConfigureAwait(false);
        if (alert.Status == AlertStatus.Firing && alert.Integration == EventsV2.Integration)
        {
            await RememberGroupAsync(received.Tenant, alert, groupKey, cancellationToken).ConfigureAwait(false);
        }

        return decided;
    }

    // The alias is a group record of its own (never due, so never checked) whose state is the key of the alert's group.
    private static string AliasKey(Alert alert) => "alias|" + alert.Integration + "|" + alert.Key;

    private async Task RememberGroupAsync(TenantId tenant, Alert alert, string groupKey, CancellationToken cancellationToken)
    {
        var key = AliasKey(alert);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var alias = await _store.FindGroupOrNullAsync(tenant, key, cancellationToken).ConfigureAwait(false);
            if (string.Equals(alias?.State, groupKey, StringComparison.Ordinal)
                || await _store.SaveGroupAsync(new AlertGroupRecord(tenant, key, (alias?.Version ?? 0) + 1, groupKey, null), alias?.Version ?? 0, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    // Load, finish any actions a crashed run left queued, decide, save with compare-and-set, apply the new actions, clear them.
    private async Task<bool> DecideAsync(TenantId tenant, string groupKey, Func<AlertGroupState, Instant, bool> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (state, version, applied) = await LoadAsync(tenant, groupKey, cancellationToken).ConfigureAwait(false);
            var leftover = state.Pending.Count > 0 && !applied;
            if (leftover)
            {
                await ApplyAsync(state, state.Pending, cancellationToken).ConfigureAwait(false);
            }

            state.Pending.Clear();
            var changed = decide(state, _clock.GetCurrentInstant());
            if (!changed && !leftover)
            {
                return false;
            }

            var actions = state.Pending.ToList();
            Authorize(tenant, actions);
            if (!await SaveAsync(state, version, cancellationToken).ConfigureAwait(false))
            {
                if (attempt >= MaxAttempts)
                {
                    throw new InvalidOperationException($"Alert group '{groupKey}' of tenant '{tenant}' kept changing under {MaxAttempts} attempts; it will be processed again.");
                }

                continue;
            }

            if (actions.Count == 0)
            {
                Keep(state, version + 1, pendingApplied: false);
            }
            else
            {
                await ApplyAsync(state, actions, cancellationToken).ConfigureAwait(false);
                if (StayHarmless(actions))
                {
                    // Opens and links only (a storm's rounds): the state stays saved with them queued, and this processor remembers
                    // that they are applied, so its next decision on the group neither applies them again nor needs a second save
                    // here. A node that does not know it applies them again, which changes nothing.
                    Keep(state, version + 1, pendingApplied: true);
                }
                else
                {
                    state.Pending.Clear();

                    // Best effort: when another node saved in between, it has applied (or will apply) the same idempotent actions.
                    if (await SaveAsync(state, version + 1, cancellationToken).ConfigureAwait(false))
                    {
                        Keep(state, version + 2, pendingApplied: false);
                    }
                }
            }

            return changed;
        }
    }

    // Saves the state and the entries changed since it was read or saved; a state whose save failed is read again, never saved.
    private async ValueTask<bool> SaveAsync(AlertGroupState state, long expectedVersion, CancellationToken cancellationToken)
    {
        var record = AlertSerializer.ToRecord(state, expectedVersion + 1, AlertGroupEngine.NextCheckAt(state, _options, GroupChecksHeartbeats));
        if (!await _store.SaveGroupAsync(record, expectedVersion, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        state.Changed.Clear();
        return true;
    }

    // Every action is checked before any is applied or saved, so a denial leaves the group as it was.
    private void Authorize(TenantId tenant, IReadOnlyList<AlertAction> actions)
    {
        var actor = IncidentActor.System(tenant, _options.Actor);
        foreach (var action in actions)
        {
            Authorizer.Demand(actor, tenant, action.Kind switch
            {
                AlertActionKind.Open => IncidentAction.Open,
                AlertActionKind.Link => IncidentAction.LinkAlert,
                AlertActionKind.Reopen => IncidentAction.Reopen,
                AlertActionKind.Resolve => IncidentAction.Resolve,
                AlertActionKind.Acknowledge => IncidentAction.Acknowledge,
                _ => IncidentAction.AddWorkNote,
            });
        }
    }

    // A resolve held by the runbook gate is marked on the state (see HoldResolve), which the caller saves.
    private async Task ApplyAsync(AlertGroupState state, List<AlertAction> actions, CancellationToken cancellationToken)
    {
        var tenant = state.Tenant;
        Authorize(tenant, actions);
        var actor = _options.Actor;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (action.Kind == AlertActionKind.Open)
            {
                var t = action.Template!;
                try
                {
                    await _incidents.OpenAsync(tenant, t.ToNewIncident(), actor, action.Incident, cancellationToken).ConfigureAwait(false);
                }
                catch (IncidentConcurrencyException)
                {
                    // Opened already, by an earlier run or another node: the derived id makes it the same incident.
                }

                continue;
            }

            // Consecutive actions on one incident (a storm's links) go in one append.
            var run = 1;
            while (i + run < actions.Count && actions[i + run].Kind != AlertActionKind.Open && actions[i + run].Incident == action.Incident)
            {
                run++;
            }

            var applied = actions.Skip(i).Take(run).ToList();
            i += run - 1;
            try
            {
                var after = await _incidents.ExecuteAsync(tenant, action.Incident, (incident, at) =>
                {
                    foreach (var a in applied)
                    {
                        try
                        {
                            Apply(incident, a, at, actor, state.GroupKey);
                        }
                        catch (InvalidIncidentTransitionException)
                        {
                            // People moved the incident on (closed or cancelled it); the alert is recorded, the incident left as they
                            // set it. A refused command records nothing, so the other actions still apply.
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
                HoldResolve(state, applied, after);
            }
            catch (IncidentNotFoundException)
            {
                // The incident was never opened (its open action is still queued elsewhere); the next run repairs it.
            }
        }
    }

    private static void Apply(Incident incident, AlertAction action, Instant at, UserId actor, string groupKey)
    {
        switch (action.Kind)
        {
            case AlertActionKind.Link when incident.IsOpen && !incident.IsAlertLinked(action.AlertKey!):
                incident.LinkAlert(action.AlertKey!, action.Source, action.StartsAt, LinkLabels(action.Labels), at, actor);
                break;
            case AlertActionKind.Reopen when incident.State == IncidentState.Resolved && incident.CanExecute(IncidentCommand.Reopen, at):
                incident.Reopen(action.Text!, at, actor);
                break;
            case AlertActionKind.Resolve when incident.IsOpen && incident.CanExecute(IncidentCommand.Resolve, at):
                incident.Resolve("auto-resolved", action.Text!, at, actor);
                break;
            case AlertActionKind.Resolve when incident.IsOpen && incident.Rules.RequireRunbookStepsToResolve && incident.OpenRequiredRunbookSteps is { Count: > 0 } open:
                // The runbook gates resolving: say so on the timeline (once), and wait for the steps (AlertAutoResolveAutomation).
                incident.RecordAlertResolveHeld(groupKey, HeldText(action, open), at, actor);
                break;
            case AlertActionKind.Acknowledge when incident.CanExecute(IncidentCommand.Acknowledge, at):
                incident.Acknowledge(at, actor);
                break;
            case AlertActionKind.FlappingStarted:
                incident.RecordAlertGroupFlapping(action.Text!, at, actor);
                break;
            case AlertActionKind.Note when incident.IsOpen && !HasNote(incident, action.Text!):
                incident.AddWorkNote(action.Text!, at, actor);
                break;
            default:
                break;
        }
    }

    // The labels the link records: those the incident accepts (first 64 by name), so an odd label never blocks the link.
    private static Dictionary<string, string>? LinkLabels(Dictionary<string, string>? labels) =>
        labels?.Where(l => Incident.IsValidAlertLabel(l.Key, l.Value)).OrderBy(l => l.Key, StringComparer.Ordinal)
            .Take(Incident.MaxAlertLabels).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);

    private static bool HasNote(Incident incident, string text) =>
        incident.Events.Any(e => e is Incidents.Events.WorkNoteAdded n && string.Equals(n.Text, text, StringComparison.Ordinal));
}
