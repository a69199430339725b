using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Escalation steps whose level resolved to nobody (a schedule with a gap, an empty team): the engine then pages the policy's
// fallback, and this makes it a health signal, so a hole in the on-call cover is noticed before the next outage. Kept per
// process for Window after the step, keyed by the step (the planning path may see a step before the worker records it).
internal sealed class EscalationHealth
{
    internal static readonly Duration Window = Duration.FromHours(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<(TenantId Tenant, IncidentId Incident, int Level, int Round, Instant DueAt), UnresolvedStep> _steps = [];

    public void Observe(Incident incident, EscalationStepFired step)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(step);
        if (!step.Targets.All(step.UnresolvedTargets.Contains))
        {
            return;
        }

        lock (_lock)
        {
            _steps.TryAdd((incident.Tenant, incident.Id, step.Level, step.Round, step.DueAt),
                new UnresolvedStep(incident.Tenant, incident.Id, step.Level, step.At, step.Recipients.Count > 0));
        }
    }

    public IReadOnlyList<UnresolvedStep> Recent(Instant now)
    {
        lock (_lock)
        {
            foreach (var stale in _steps.Where(s => s.Value.At + Window < now).Select(s => s.Key).ToList())
            {
                _steps.Remove(stale);
            }

            return [.. _steps.Values.OrderBy(s => s.At)];
        }
    }

    internal readonly record struct UnresolvedStep(TenantId Tenant, IncidentId Incident, int Level, Instant At, bool FallbackPaged);
}
