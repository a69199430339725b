using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Sla;
using IncidentKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// Runs every registered automation on an incident, for the worker (record what is due now) and for IncidentService (plan the
// next due work after a user's change), so both always agree on the plan.
internal sealed class IncidentAutomations
{
    private readonly List<IIncidentAutomation> _automations;
    private readonly Duration _retryAfter;
    private readonly ILogger _logger;

    // Order matters: SLA events first (escalation rules may react to a breach), then escalation, then the communication plan
    // (reminders and summaries), then the host's own automations, then auto-close.
    public IncidentAutomations(IEnumerable<IIncidentAutomation> automations, IncidentKitOptions options, SlaEngine? sla, EscalationEngine? escalation,
        CommunicationPlans? communication, ILogger logger, EscalationHealth? escalationHealth = null, MajorIncidentAutomation? major = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var all = new List<IIncidentAutomation>();
        if (sla is not null)
        {
            all.Add(new SlaAutomation(sla));
        }

        if (escalation is not null)
        {
            all.Add(new EscalationAutomation(escalation, options.ComplexityOf, escalationHealth));
        }

        if (major is { IsActive: true })
        {
            all.Add(major);
            Major = major;
        }

        if (communication is not null)
        {
            all.Add(new CommunicationAutomation(communication));
        }

        all.AddRange(automations);
        if (options.AutoCloseResolvedAfter is { } autoClose)
        {
            all.Add(new AutoCloseAutomation(Duration.FromTimeSpan(autoClose)));
        }

        _automations = all;
        _retryAfter = Duration.FromTimeSpan(options.LeaseDuration);
        _logger = logger;
    }

    public int Count => _automations.Count;

    // Steps with I/O (the war room) run before the pure decision; null without a major-incident policy or runbooks.
    public MajorIncidentAutomation? Major { get; }

    public IReadOnlyList<IIncidentAutomation> All => _automations;

    // The options' policies over the options' calendars; null without policies. The validator has built it once already, so
    // a calendar a policy names but the options lack fails the start rather than getting here.
    internal static SlaEngine? CreateSlaEngine(IncidentKitOptions options) =>
        options.SlaPolicies is { } policies ? new SlaEngine(policies, options.Calendars.ToDictionary(StringComparer.Ordinal)) : null;

    // Records on the incident what is due at or before now; returns the earliest next work. A failing automation is retried
    // after a lease period rather than losing the incident's timers: its failure is logged, and the others' events still count.
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
                Log.AutomationFailed(_logger, ex, automation.GetType().Name, incident.Id.ToString(), incident.Tenant.ToString(), due.Value.DueAt.ToString());
            }

            if (due is { } d && (next is null || d.DueAt < next.Value.DueAt))
            {
                next = d;
            }
        }

        return next;
    }

    // The plan after a user's change, as of that change: on a copy, so the caller's incident gets no events. When something
    // would be recorded right away (say, a reassessment to P1 puts a target in breach), the work is due at the change.
    public DueWork? Plan(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (_automations.Count == 0)
        {
            return null;
        }

        var copy = Incident.FromHistory(incident.Events, incident.Rules);
        var at = incident.LastChangedAt;
        var next = Decide(copy, at);
        return copy.PendingEvents.Count > 0 ? new DueWork(at, next?.Kind ?? DueWorkKind.SlaThreshold) : next;
    }
}
