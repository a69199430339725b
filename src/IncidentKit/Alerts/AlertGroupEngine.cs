using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IncidentKit.Incidents;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Alerts;

// Decides, purely, what one received alert or one passing instant means for a group: it changes the group's state and queues
// the incident actions (open, link, reopen, resolve, note) in state.Pending. The processor applies them idempotently. Every
// alert entry changed is marked in state.Changed (a save writes only those).
internal static class AlertGroupEngine
{
    internal const string HeartbeatKey = "heartbeat";

    // Returns whether the state changed (and must be saved).
    public static bool Receive(AlertGroupState state, Alert alert, RouteDecision route, Instant now, SilenceSet silences, AlertIntakeOptions options)
    {
        // Only the received alert's entry changes (Activate touches no other), and only when the state changes.
        var changed = Decide(state, alert, route, now, silences, options);
        if (changed && state.Alerts.ContainsKey(alert.Key))
        {
            state.Changed.Add(alert.Key);
        }

        return changed;
    }

    private static bool Decide(AlertGroupState state, Alert alert, RouteDecision route, Instant now, SilenceSet silences, AlertIntakeOptions options)
    {
        state.Alerts.TryGetValue(alert.Key, out var entry);
        switch (alert.Status)
        {
            case AlertStatus.Firing:
                if (entry?.ResolvedStartsAt is { } resolvedStart && alert.StartsAt <= resolvedStart)
                {
                    // A stale firing (an HA peer that missed the resolve): this episode is over; it neither reopens nor opens.
                    return false;
                }

                if (entry is { Status: AlertStatus.Firing or AlertStatus.Acknowledged })
                {
                    // A resend of the same episode (every group_interval, or from each HA peer): the inbox counts it; nothing changes.
                    return false;
                }

                var isChange = entry is not null;
                entry ??= NewEntry(state, alert);
                entry.Status = AlertStatus.Firing;
                entry.StartsAt = alert.StartsAt;
                entry.LastSeenAt = now;
                entry.Occurrences = 1;
                entry.Labels = new Dictionary<string, string>(alert.Labels, StringComparer.Ordinal);
                state.Template = TemplateOf(alert, route);
                var until = silences.SilencedUntil(state.Tenant, alert.Labels, now);
                entry.SilencedUntil = until;
                entry.SilencedBy = until is null ? null : silences.FindOrNull(state.Tenant, alert.Labels, now)?.Id;
                if (until is null)
                {
                    Activate(state, alert.Key, entry, now, options);
                }

                // Counted after the incident is open again, so the flapping note lands on an open incident.
                if (isChange)
                {
                    RecordChange(state, now, options);
                }

                return true;

            case AlertStatus.Resolved:
                if (entry is null)
                {
                    entry = NewEntry(state, alert);
                    entry.Labels = null;
                    entry.Status = AlertStatus.Resolved;
                    entry.StartsAt = alert.StartsAt;
                    entry.ResolvedStartsAt = alert.StartsAt;
                    entry.LastSeenAt = now;
                    entry.Occurrences = 1;
                    return true;
                }

                if (entry.Status == AlertStatus.Resolved || alert.StartsAt < entry.StartsAt)
                {
                    // A repeat changes nothing; the resolve of an older episode is remembered so its stale firing stays ignored.
                    if (entry.ResolvedStartsAt is { } r && alert.StartsAt <= r)
                    {
                        return false;
                    }

                    entry.ResolvedStartsAt = alert.StartsAt;
                    return true;
                }

                entry.Status = AlertStatus.Resolved;
                entry.ResolvedStartsAt = alert.StartsAt;
                entry.SilencedUntil = null;
                entry.Labels = null;
                entry.LastSeenAt = now;
                entry.Occurrences = 1;
                RecordChange(state, now, options);
                CheckAllResolved(state, now, options);
                return true;

            default:
                if (entry is { Status: AlertStatus.Firing })
                {
                    entry.Status = AlertStatus.Acknowledged;
                    entry.LastSeenAt = now;
                    if (state.Incident is { } incident && !state.IncidentResolved)
                    {
                        Queue(state, new AlertAction(AlertActionKind.Acknowledge, incident, alert.Key));
                    }

                    return true;
                }

                return false;
        }
    }

    // Applies what the passing of time decides: silences that ended, a hold-down that expired, a flapping group gone quiet, and a
    // missed heartbeat only when heartbeats are checked with the group (a store without due checks). Returns whether the state changed.
    public static bool Tick(AlertGroupState state, Instant now, SilenceSet silences, AlertIntakeOptions options, bool heartbeats = true)
    {
        var changed = heartbeats && Miss(state, now, options);

        foreach (var (key, entry) in state.Alerts)
        {
            if (entry.Status == AlertStatus.Firing && entry.SilencedUntil is { } until)
            {
                // Windows may have changed since (expired or deleted early, extended); ask again.
                var again = silences.SilencedUntil(state.Tenant, entry.Labels ?? Alert.EmptyLabels, now);
                if (again == until)
                {
                    continue;
                }

                entry.SilencedUntil = again;
                state.Changed.Add(key);
                if (again is null)
                {
                    entry.SilencedBy = null;
                    Activate(state, key, entry, now, options);
                }

                changed = true;
            }
        }

        if (state.Flapping && state.LastChangeAt is { } last && now >= last + options.FlappingQuietPeriod)
        {
            state.Flapping = false;
            state.Changes.Clear();
            if (state.Incident is { } incident)
            {
                Queue(state, new AlertAction(AlertActionKind.Note, incident, Text: $"Alert group stopped flapping at {Format(now)}; paging resumes."));
            }

            foreach (var (key, entry) in state.Alerts)
            {
                if (entry.Status == AlertStatus.Firing && entry.SilencedUntil is null)
                {
                    Activate(state, key, entry, now, options);
                }
            }

            CheckAllResolved(state, now, options);
            changed = true;
        }

        if (state.ResolveDueAt is { } due && now >= due)
        {
            state.ResolveDueAt = null;
            if (AllClear(state))
            {
                AutoResolve(state, now, options);
            }

            changed = true;
        }

        return changed;
    }

    // A heartbeat whose deadline has passed without a ping: the monitor's alert fires (opening or reopening its incident).
    // Returns whether the state changed.
    public static bool Miss(AlertGroupState state, Instant now, AlertIntakeOptions options)
    {
        if (HeartbeatDueAt(state) is not { } missedAt || now < missedAt)
        {
            return false;
        }

        state.Alerts.TryGetValue(HeartbeatKey, out var hb);
        var entry = hb ?? NewEntry(state, new Alert { Integration = HeartbeatKey, Key = HeartbeatKey, Status = AlertStatus.Firing, StartsAt = missedAt, Summary = "" });
        entry.Status = AlertStatus.Firing;
        entry.StartsAt = missedAt;
        entry.LastSeenAt = now;
        entry.Occurrences = 1;
        state.Changed.Add(HeartbeatKey);
        Activate(state, HeartbeatKey, entry, now, options);
        RecordChange(state, now, options);
        return true;
    }

    // The heartbeat's deadline (last ping + interval + grace) while it is being watched; null before the first ping and while
    // it is missed (firing) already.
    public static Instant? HeartbeatDueAt(AlertGroupState state) =>
        state.Heartbeat is { } beat && (!state.Alerts.TryGetValue(HeartbeatKey, out var hb) || hb.Status == AlertStatus.Resolved)
            ? beat.LastPingAt + beat.Interval + beat.Grace
            : null;

    public static bool Ping(AlertGroupState state, Duration interval, Duration grace, Instant now, AlertIntakeOptions options)
    {
        state.Heartbeat = new HeartbeatInfo(interval, grace, now);
        if (state.Alerts.TryGetValue(HeartbeatKey, out var entry) && entry.Status == AlertStatus.Firing)
        {
            entry.Status = AlertStatus.Resolved;
            entry.ResolvedStartsAt = entry.StartsAt;
            entry.LastSeenAt = now;
            state.Changed.Add(HeartbeatKey);
            RecordChange(state, now, options);
            CheckAllResolved(state, now, options);
        }

        return true;
    }

    // The group's next time-driven check; the heartbeat deadline counts only when heartbeats are checked with the group.
    public static Instant? NextCheckAt(AlertGroupState state, AlertIntakeOptions options, bool heartbeats = true)
    {
        Instant? next = state.ResolveDueAt;
        foreach (var entry in state.Alerts.Values)
        {
            if (entry.Status == AlertStatus.Firing && entry.SilencedUntil is { } until)
            {
                next = Min(next, until);
            }
        }

        if (state.Flapping && state.LastChangeAt is { } last)
        {
            next = Min(next, last + options.FlappingQuietPeriod);
        }

        if (heartbeats && HeartbeatDueAt(state) is { } deadline)
        {
            next = Min(next, deadline);
        }

        return next;
    }

    // The incident id of a group's n-th incident: derived from tenant, group and generation, so that every node that decides to
    // open it names the same incident and the store lets only the first one in.
    public static IncidentId IncidentIdFor(TenantId tenant, string groupKey, int generation)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{tenant.Value}\n{groupKey}\n{generation}")), hash);
        hash[6] = (byte)(0x80 | (hash[6] & 0x0F)); // version 8 (custom)
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F)); // RFC 9562 variant
        return new IncidentId(new Guid(hash[..16], bigEndian: true));
    }

    public static string LinkKey(string integration, string key)
    {
        var full = integration + ":" + key;
        return full.Length <= 200 ? full : integration[..Math.Min(integration.Length, 60)] + ":sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    private static AlertEntry NewEntry(AlertGroupState state, Alert alert)
    {
        var entry = new AlertEntry { Integration = alert.Integration, Labels = new Dictionary<string, string>(alert.Labels, StringComparer.Ordinal) };
        state.Alerts[alert.Key] = entry;
        state.Changed.Add(alert.Key);
        return entry;
    }

    private static IncidentTemplate TemplateOf(Alert alert, RouteDecision route)
    {
        var title = alert.Summary.Length <= 200 ? alert.Summary : alert.Summary[..199] + "…";
        var service = route.Route.Service ?? (alert.Labels.TryGetValue("service", out var s) && s.Length is > 0 and <= 200 ? s : null);
        var description = alert.GeneratorUrl is { Length: > 0 and <= 2000 } url ? $"Source: {url}" : null;
        return new IncidentTemplate(title, description, route.Impact, route.Urgency, route.Category, service, route.EscalationPolicy, alert.Integration);
    }

    // A firing alert that is not silenced: make sure the group's incident is open and the alert linked to it.
    private static void Activate(AlertGroupState state, string key, AlertEntry entry, Instant now, AlertIntakeOptions options)
    {
        state.Changed.Add(key);
        state.ResolveDueAt = null;
        state.ResolveHeld = false;
        var template = state.Template ?? new IncidentTemplate(Truncate(key), null, Prioritization.Impact.Medium, Prioritization.Urgency.Medium, null, null, null, entry.Integration);

        if (state.Incident is null || (state.IncidentResolved && (state.ResolvedAt is not { } r || now > r + options.ReopenWindow)))
        {
            if (state.Flapping && state.Incident is not null)
            {
                return;
            }

            state.Generation++;
            var id = IncidentIdFor(state.Tenant, state.GroupKey, state.Generation);
            state.Incident = id;
            state.IncidentResolved = false;
            state.ResolvedAt = null;
            Queue(state, new AlertAction(AlertActionKind.Open, id, Template: template));
        }
        else if (state.IncidentResolved)
        {
            if (state.Flapping)
            {
                return;
            }

            state.IncidentResolved = false;
            state.ResolvedAt = null;
            Queue(state, new AlertAction(AlertActionKind.Reopen, state.Incident.Value, Text: $"Alert {key} fires again."));
        }

        if (entry.LinkedGeneration != state.Generation)
        {
            entry.LinkedGeneration = state.Generation;
            Queue(state, new AlertAction(AlertActionKind.Link, state.Incident!.Value, LinkKey(entry.Integration, key), entry.Integration,
                StartsAt: entry.StartsAt, Labels: entry.Labels is null || entry.SilencedUntil is null ? entry.Labels : new Dictionary<string, string>(entry.Labels, StringComparer.Ordinal)));
        }

        // Linked and not silenced: the link holds the labels now (see AlertEntry.Labels), so the entry hands them over.
        if (entry.SilencedUntil is null)
        {
            entry.Labels = null;
        }
    }

    private static void CheckAllResolved(AlertGroupState state, Instant now, AlertIntakeOptions options)
    {
        if (state.Incident is null || state.IncidentResolved || state.Flapping || !AllClear(state))
        {
            return;
        }

        if (options.HoldDown > Duration.Zero)
        {
            state.ResolveDueAt = now + options.HoldDown;
            return;
        }

        AutoResolve(state, now, options);
    }

    private static bool AllClear(AlertGroupState state) => state.Alerts.Values.All(e => e.Status == AlertStatus.Resolved);

    private static void AutoResolve(AlertGroupState state, Instant now, AlertIntakeOptions options)
    {
        var incident = state.Incident!.Value;
        switch (options.AutoResolve)
        {
            case AutoResolveMode.Resolve:
                state.IncidentResolved = true;
                state.ResolvedAt = now;
                Queue(state, new AlertAction(AlertActionKind.Resolve, incident, Text: $"Every alert of the group resolved by {Format(now)}."));
                break;
            case AutoResolveMode.Note:
                Queue(state, new AlertAction(AlertActionKind.Note, incident, Text: $"Every alert of the group resolved by {Format(now)}."));
                break;
            default:
                break;
        }
    }

    private static void RecordChange(AlertGroupState state, Instant now, AlertIntakeOptions options)
    {
        state.LastChangeAt = now;
        if (options.FlappingThreshold == 0)
        {
            return;
        }

        state.Changes.Add(now);
        state.Changes.RemoveAll(c => c < now - options.FlappingWindow);
        if (!state.Flapping && state.Changes.Count >= options.FlappingThreshold && state.Incident is { } incident)
        {
            state.Flapping = true;
            state.ResolveDueAt = null;
            Queue(state, new AlertAction(AlertActionKind.FlappingStarted, incident,
                Text: $"Alert group is flapping: {state.Changes.Count} state changes within {options.FlappingWindow.TotalMinutes:0.#} min (at {Format(now)}); no new pages until it has been quiet for {options.FlappingQuietPeriod.TotalMinutes:0.#} min."));
        }
    }

    private static void Queue(AlertGroupState state, AlertAction action)
    {
        state.ActionSequence++;
        state.Pending.Add(action);
    }

    private static Instant Min(Instant? a, Instant b) => a is { } x && x < b ? x : b;

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..199] + "…";

    private static string Format(Instant at) => InstantPattern.ExtendedIso.Format(at);
}
