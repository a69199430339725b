using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

// Runs an IncidentService's automations on an incident, both to record what is due (RunDueAsync) and to plan the next due work
// after any change (every append), so the plan and the runs always agree.
internal sealed class IncidentAutomations
{
    private readonly IIncidentAutomation[] _automations;
    private readonly IIncidentEffects[] _effects;
    private readonly Duration _retryAfter;
    private readonly Action<AutomationFailedArguments>? _onFailed;

    public IncidentAutomations(IEnumerable<IIncidentAutomation> automations, Duration retryAfter, Action<AutomationFailedArguments>? onFailed)
    {
        _automations = [.. automations];
        _effects = [.. _automations.OfType<IIncidentEffects>()];
        _retryAfter = retryAfter;
        _onFailed = onFailed;
    }

    public IReadOnlyList<IIncidentAutomation> All => _automations;

    public async Task RunEffectsAsync(Incident incident, Instant now, CancellationToken cancellationToken)
    {
        foreach (var effects in _effects)
        {
            await effects.RunEffectsAsync(incident, now, cancellationToken).ConfigureAwait(false);
        }
    }

    // Records on the incident what is due at or before now; returns the earliest next work. A failing automation is retried after
    // the retry delay rather than losing the incident's timers, and the others' events still count.
    public DueWork? Decide(Incident incident, Instant now)
    {
        DueWork? next = null;
        foreach (var automation in _automations)
        {
            DueWork? due;
            var pending = incident.PendingEvents.Count;
            try
            {
                due = automation.Run(incident, now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && incident.PendingEvents.Count == pending)
            {
                due = new DueWork(now + _retryAfter, DueWorkKind.SlaThreshold);
                _onFailed?.Invoke(new AutomationFailedArguments(automation, incident, ex, due.Value.DueAt));
            }

            if (due is { } d && (next is null || d.DueAt < next.Value.DueAt))
            {
                next = d;
            }
        }

        return next;
    }

    // The plan after a change, as of that change: on a copy, so the caller's incident gets no events. When something would be
    // recorded right away (say, a reassessment to P1 puts a target in breach), the work is due at the change.
    public DueWork? Plan(Incident incident)
    {
        if (_automations.Length == 0)
        {
            return null;
        }

        var copy = incident.Copy();
        var pending = copy.PendingEvents.Count;
        var at = incident.LastChangedAt;
        var next = Decide(copy, at);
        return copy.PendingEvents.Count > pending ? new DueWork(at, next?.Kind ?? DueWorkKind.SlaThreshold) : next;
    }
}
