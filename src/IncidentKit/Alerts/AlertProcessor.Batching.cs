using IncidentKit.Authorization;

namespace IncidentKit.Alerts;

// Batched processing. Deciding one inbox record at a time costs a group-state read, two group-state writes, an incident append and
// an inbox completion per alert, each its own commit, and reads and writes the group's whole state (every alert of the group) each
// time: under an alert storm the processor, not the intake, fell behind. Records are therefore split into waves of consecutive
// records whose group is known from the record alone; within a wave, each group's records are decided together in arrival order
// (one state read, one decision over all of them, one save, one append with all the links, one save), and different groups run
// concurrently, so stores with group commit share their commits among groups. A record whose group must be looked up (an Events
// v2 acknowledge or resolve without labels goes to the group its trigger went to) ends the wave and is processed alone after
// everything before it, so it sees what came before it exactly as one-by-one processing did.
public sealed partial class AlertProcessor
{
    // Groups decided at the same time. A few let the stores share commits among groups; many made a round a burst of CPU work
    // that the thread pool ran ahead of the intake's requests (with 32, a request's continuation could queue behind dozens of
    // group decisions and state serialisations), and an alert storm's p99 intake latency rose with it (SQLite storm under load,
    // alternating runs: p99 117-130 ms with 4 against 146-171 ms with 32, at the same rate). Processing may lag a storm; it drains.
    internal const int MaxConcurrentGroups = 4;

    // The batch key of dropped alerts (no group key starts with a NUL).
    private const string Dropped = "\0drop";

    private async Task<IncidentAccessDeniedException?> ProcessBatchedAsync(List<ClaimedAlert> claimed, CancellationToken cancellationToken)
    {
        IncidentAccessDeniedException? denied = null;
        var next = 0;
        while (next < claimed.Count)
        {
            var wave = new Dictionary<(TenantId, string), List<ClaimedAlert>>();
            var aliases = new Dictionary<(TenantId, string), string>();
            for (; next < claimed.Count; next++)
            {
                var received = claimed[next].Received;
                var key = BatchKeyOrNull(received);
                if (key is null)
                {
                    break;
                }

                // Two triggers with one dedup key in different groups: the later must remember its group last, as it did one by one.
                if (received.Alert is { Integration: EventsV2.Integration, Status: AlertStatus.Firing } trigger)
                {
                    var alias = (received.Tenant, AliasKey(trigger));
                    if (aliases.TryGetValue(alias, out var other) && !string.Equals(other, key, StringComparison.Ordinal))
                    {
                        break;
                    }

                    aliases[alias] = key;
                }

                var group = (received.Tenant, key);
                if (!wave.TryGetValue(group, out var records))
                {
                    wave[group] = records = [];
                }

                records.Add(claimed[next]);
            }

            if (wave.Count == 0)
            {
                denied ??= await ProcessOneAsync(claimed[next++], cancellationToken).ConfigureAwait(false);
                continue;
            }

            var outcomes = new IncidentAccessDeniedException?[wave.Count];
            await Parallel.ForEachAsync(wave.Values.Select((records, i) => (records, i)),
                new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentGroups, CancellationToken = cancellationToken },
                async (g, ct) => outcomes[g.i] = await ProcessGroupAsync(g.records, ct).ConfigureAwait(false)).ConfigureAwait(false);
            denied ??= outcomes.FirstOrDefault(d => d is not null);
        }

        return denied;
    }

    // The group a record goes to, when the record alone tells it; null when the store must be asked (an alias).
    private string? BatchKeyOrNull(AlertReceived received)
    {
        var alert = received.Alert;
        if (alert.Integration == AlertGroupEngine.HeartbeatKey)
        {
            return "heartbeat|" + alert.Key;
        }

        if (alert.Status != AlertStatus.Firing && alert.Labels.Count == 0)
        {
            return null;
        }

        var route = _routes.Route(alert, received.Tenant);
        return route.Drop ? Dropped : AlertRoutingTable.GroupKey(route, alert);
    }

    // One group's records, in arrival order: decided together, then completed. A denial falls back to one by one, so only the
    // denied records stay in the inbox.
    private async Task<IncidentAccessDeniedException?> ProcessGroupAsync(List<ClaimedAlert> records, CancellationToken cancellationToken)
    {
        var first = records[0].Received;
        if (records.Count == 1 || first.Alert.Integration == AlertGroupEngine.HeartbeatKey || BatchKeyOrNull(first) == Dropped)
        {
            return await ProcessGroupOneByOneAsync(records, cancellationToken).ConfigureAwait(false);
        }

        var tenant = first.Tenant;
        var routed = records.Select(r => (r.Received.Alert, Route: _routes.Route(r.Received.Alert, tenant))).ToList();
        try
        {
            await DecideAsync(tenant, AlertRoutingTable.GroupKey(routed[0].Route, routed[0].Alert), (state, now) =>
            {
                var changed = false;
                foreach (var (alert, route) in routed)
                {
                    changed |= AlertGroupEngine.Receive(state, alert, route, now, _silences, _options);
                }

                return changed;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (IncidentAccessDeniedException)
        {
            // Nothing of the group was saved or applied (actions are authorised first): decide record by record instead.
            return await ProcessGroupOneByOneAsync(records, cancellationToken).ConfigureAwait(false);
        }

        var groupKey = AlertRoutingTable.GroupKey(routed[0].Route, routed[0].Alert);
        foreach (var (alert, _) in routed)
        {
            if (alert.Status == AlertStatus.Firing && alert.Integration == EventsV2.Integration)
            {
                await RememberGroupAsync(tenant, alert, groupKey, cancellationToken).ConfigureAwait(false);
            }
        }

        // All of the group's records in one write where the store can (SQLite: one statement); the groups of the wave complete at
        // the same time, so a group-committing store still shares each commit among them.
        await _store.CompleteAllReceivedAsync(records, cancellationToken).ConfigureAwait(false);

        return null;
    }

    private async Task<IncidentAccessDeniedException?> ProcessGroupOneByOneAsync(List<ClaimedAlert> records, CancellationToken cancellationToken)
    {
        IncidentAccessDeniedException? denied = null;
        foreach (var record in records)
        {
            denied ??= await ProcessOneAsync(record, cancellationToken).ConfigureAwait(false);
        }

        return denied;
    }

    private async Task<IncidentAccessDeniedException?> ProcessOneAsync(ClaimedAlert claim, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessAsync(claim.Received, cancellationToken).ConfigureAwait(false);
        }
        catch (IncidentAccessDeniedException e)
        {
            return e;
        }

        await _store.CompleteReceivedAsync(claim, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
