using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Turns a period of real history (incidents and alerts from a store) into a scenario, to replay it against a candidate configuration.</summary>
/// <remarks>
/// <para>Each incident opened in the period becomes an inject at its real opening instant with its real details; how long its
/// owner took to resolve it after acknowledging is kept (so a faster page does not make the fix faster), while who is paged, when,
/// and how fast they answer come from the candidate configuration and the template's responder behaviour.</para>
/// <para>With an alert store, every alert received in the period is replayed through the alert intake at its real instant (its
/// recorded start kept, so resends and stale firings group as they did), and incidents the intake opened
/// (<see cref="IncidentOpened.Source"/> <c>monitoring:…</c>) are not injected again: the replayed alerts open them.</para>
/// </remarks>
public static class HistoryReplay
{
    private const int PageSize = 1000;
    private const int MaxAlerts = 10_000;
    private static readonly IReadOnlyList<IncidentState> AllStates = Enum.GetValues<IncidentState>();

    /// <summary>Reads the incidents (and alerts) of a period from a store and returns the template scenario with them as its injects.</summary>
    /// <param name="template">The scenario giving the seed, zone, responder behaviour and configuration; its injects and load are replaced.</param>
    /// <param name="incidents">The store to read incidents from.</param>
    /// <param name="tenant">The tenant whose history is replayed.</param>
    /// <param name="period">The period; incidents opened and alerts received in it are replayed.</param>
    /// <param name="alerts">The alert store, or <see langword="null"/> to replay incidents only.</param>
    /// <param name="cancellationToken">The token to cancel the reads.</param>
    /// <returns>The scenario; it runs until the period's end plus a day (or the template's end, if later) so late incidents can finish.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="template"/> or <paramref name="incidents"/> is null.</exception>
    /// <remarks>At most the first 10 000 alerts the store lists for the tenant are read (the alert store lists without paging).</remarks>
    public static async Task<Scenario> ReadAsync(Scenario template, IIncidentReader incidents, TenantId tenant, Interval period, IAlertStore? alerts = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(incidents);
        var injects = new List<ScenarioInject>();
        string? token = null;
        do
        {
            var page = await incidents.ListAsync(tenant, new IncidentQuery { States = AllStates, PageSize = PageSize, ContinuationToken = token }, cancellationToken)
                .ConfigureAwait(false);
            foreach (var summary in page.Items)
            {
                if (!period.Contains(summary.OpenedAt))
                {
                    continue;
                }

                var history = await incidents.ReadAsync(tenant, summary.Id, 0, cancellationToken).ConfigureAwait(false);
                if (history.Events.Count > 0 && history.Events[0] is IncidentOpened opened && (alerts is null || opened.Source?.StartsWith("monitoring:", StringComparison.Ordinal) != true))
                {
                    injects.Add(InjectOf(opened, Incident.FromHistory(history.Events)));
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        if (alerts is not null)
        {
            foreach (var received in await alerts.ListReceivedAsync(tenant, MaxAlerts, cancellationToken).ConfigureAwait(false))
            {
                if (period.Contains(received.ReceivedAt))
                {
                    injects.Add(new ScenarioInject { At = received.ReceivedAt, Alert = received.Alert });
                }
            }
        }

        injects.Sort((a, b) => a.At.CompareTo(b.At));
        var until = period.End + Duration.FromDays(1);
        return template with
        {
            Tenant = tenant,
            Injects = injects,
            Load = [],
            Until = template.Until > until ? template.Until : until,
        };
    }

    private static ScenarioInject InjectOf(IncidentOpened opened, Incident incident)
    {
        // The real fix time: from the first acknowledgement (or the opening) to the resolution.
        DelayDistribution? resolveAfter = incident.ResolvedAt is { } resolved
            ? DelayDistribution.Fixed(Duration.Max(Duration.Zero, resolved - (incident.AcknowledgedAt ?? incident.OpenedAt)))
            : null;
        return new ScenarioInject
        {
            At = opened.At,
            Incident = new NewIncident
            {
                Title = opened.Title,
                Description = opened.Description,
                Impact = opened.Impact,
                Urgency = opened.Urgency,
                Category = opened.Category,
                Service = opened.Service,
                AssignmentGroup = opened.AssignmentGroup,
                Source = opened.Source,
                IsExercise = opened.IsExercise,
            },
            ResolveAfter = resolveAfter,
            Note = $"replay of incident {opened.Incident}",
        };
    }
}
