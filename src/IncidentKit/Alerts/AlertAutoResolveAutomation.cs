using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Automations;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Alerts;

/// <summary>Resolves an alert-opened incident whose automatic resolve its runbook held (<see cref="AlertResolveHeld"/>) once the
/// last required step is completed or skipped, if every alert of its group is still resolved; calls the wait off when one fired
/// again.</summary>
/// <remarks>
/// <para>When every alert of a group has resolved (after the hold-down, with <see cref="AlertIntakeOptions.AutoResolve"/> set to
/// <see cref="AutoResolveMode.Resolve"/>) but <see cref="IncidentWorkflowOptions.RequireRunbookStepsToResolve"/> keeps the incident
/// open, the <see cref="AlertProcessor"/> records <see cref="AlertResolveHeld"/> and its group keeps counting the incident as open.
/// Completing or skipping the last required step is a change of the incident, after which this automation plans due work at that
/// instant (<see cref="DueWorkKind.AlertAutoResolve"/>). The worker's run reads the group from the <see cref="IAlertStore"/>:</para>
/// <list type="bullet">
/// <item><description>every alert still resolved: the group is saved as resolved (compare-and-set) and the incident resolved, with
/// the resolution code <c>auto-resolved</c>, by the intake's actor that held the resolve (not by the person who did the step);</description></item>
/// <item><description>an alert fired again since, the group opened another incident, or auto-resolve is no longer
/// <see cref="AutoResolveMode.Resolve"/>: a work note calls the wait off and the incident stays open (it resolves by itself again
/// when the group's alerts all resolve again).</description></item>
/// </list>
/// <para>Once across nodes: the due work is claimed under a lease, the group is saved with compare-and-set (a lost race is retried
/// after the lease), and the incident is appended at its expected version; a group already saved as resolved by an earlier run
/// whose append was lost is resolved without saving it again. Register it with every node's <see cref="IncidentService"/>
/// (<see cref="IncidentServiceOptions.Automations"/>; the ASP.NET Core package's <c>AddIncidentKitAlerts</c> does).</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class AlertAutoResolveAutomation : IIncidentAutomation, IIncidentEffects
{
    private readonly IAlertStore _store;
    private readonly AlertIntakeOptions _options;

    /// <summary>Initializes the automation.</summary>
    /// <param name="store">The store of the alert groups (the incident store itself, for the shipped stores).</param>
    /// <param name="options">The intake's options (the same as the <see cref="AlertProcessor"/>'s); <see langword="null"/> takes the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid.</exception>
    public AlertAutoResolveAutomation(IAlertStore store, AlertIntakeOptions? options = null)
    {
        _store = Guard.Against.Null(store);
        _options = options ?? new AlertIntakeOptions();
        _options.Validate();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        Guard.Against.Null(incident);

        // The run's effects resolve the incident or call the wait off; a run that could do neither (it lost the group's
        // compare-and-set to the intake) leaves the work due, and the worker looks again after its lease.
        return Waiting(incident, now) is null ? null : new DueWork(now, DueWorkKind.AlertAutoResolve);
    }

    async Task IIncidentEffects.RunEffectsAsync(Incident incident, Instant now, CancellationToken cancellationToken)
    {
        if (Waiting(incident, now) is not { } held)
        {
            return;
        }

        var record = await _store.FindGroupOrNullAsync(incident.Tenant, held.GroupKey, cancellationToken).ConfigureAwait(false);
        var state = record is null ? null : AlertSerializer.FromRecord(record);
        if (state is null || state.Incident != incident.Id)
        {
            incident.CallOffAlertResolve(held, "The alert group has opened another incident since its alerts resolved, so this one was not resolved automatically.", now, held.Actor);
            return;
        }

        if (!state.IncidentResolved)
        {
            if (CallOffReason(state) is { } reason)
            {
                incident.CallOffAlertResolve(held, reason, now, held.Actor);
                return;
            }

            state.ResolveHeld = false;
            state.IncidentResolved = true;
            state.ResolvedAt = now;
            var saved = AlertSerializer.ToRecord(state, record!.Version + 1, AlertGroupEngine.NextCheckAt(state, _options, heartbeats: _store is not IDueCheckStore));
            if (!await _store.SaveGroupAsync(saved, record.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        incident.Resolve("auto-resolved", ResolvedText(incident, held), now, held.Actor);
    }

    // The held resolve still waiting, when nothing but this automation keeps the incident from resolving now.
    private static AlertResolveHeld? Waiting(Incident incident, Instant now) =>
        incident.PendingAlertResolve is { } held && incident.CanExecute(IncidentCommand.Resolve, now) ? held : null;

    private string? CallOffReason(AlertGroupState state)
    {
        const string NotResolved = "so the incident was not resolved automatically when its runbook's required steps were done";
        if (state.Alerts.FirstOrDefault(a => a.Value.Status != AlertStatus.Resolved) is { Key: { } firing })
        {
            return $"Alert {firing} of the group fires again, {NotResolved}; it resolves by itself once the group's alerts resolve again.";
        }

        if (!state.ResolveHeld)
        {
            return $"An alert of the group fired again after the group's alerts had resolved, {NotResolved}; it resolves by itself once the group's alerts have all resolved again.";
        }

        return _options.AutoResolve == AutoResolveMode.Resolve ? null : $"Alert auto-resolve is no longer set to resolve, {NotResolved}.";
    }

    private static string ResolvedText(Incident incident, AlertResolveHeld held)
    {
        var last = incident.Events.LastOrDefault(e => e is RunbookStepCompleted or RunbookStepSkipped);
        var by = last is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $" (the last by {last.Actor} at {InstantPattern.ExtendedIso.Format(last.At)})");
        return $"Every alert of the group stayed resolved since {InstantPattern.ExtendedIso.Format(held.At)}, and the runbook's required steps are done{by}.";
    }
}
