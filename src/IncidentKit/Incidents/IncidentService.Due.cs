using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;
using IncidentKit.Authorization;
using IncidentKit.Automations;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Incidents;

// Due work: the incident's timers, run through the same loop as every command. A timer worker (IncidentKit.Hosting's, or a host's
// own loop over IDueWorkStore.ClaimDueAsync) claims due items under a lease and hands each to RunDueAsync.
public sealed partial class IncidentService
{
    /// <summary>Runs the automations on an incident whose due work a worker claimed, and appends what they record together with
    /// its outbox messages and the incident's next due work, in one change.</summary>
    /// <param name="claim">The due item as claimed (<see cref="IDueWorkStore.ClaimDueAsync"/>).</param>
    /// <param name="cancellationToken">The token to cancel the run.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The service has no due-work store: its incident store keeps none and
    /// <see cref="IncidentServiceOptions.DueWork"/> is not set.</exception>
    /// <exception cref="IncidentConcurrencyException">Other writers won every attempt (see <see cref="ExecuteAsync"/>).</exception>
    /// <remarks>See <see cref="RunDueAsync(ClaimedDueWork, CancellationToken, CancellationToken)"/>.</remarks>
    [SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads",
        Justification = "The everyday call takes one token; a lease-keeping worker needs the second, which has no sensible default.")]
    public Task<DueRunResult> RunDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default) =>
        RunDueAsync(claim, CancellationToken.None, cancellationToken);

    /// <summary>Runs the automations on an incident whose due work a worker claimed, stopping without writing when the lease is lost.</summary>
    /// <param name="claim">The due item as claimed (<see cref="IDueWorkStore.ClaimDueAsync"/>).</param>
    /// <param name="leaseLost">Cancelled when the worker has lost its lease on the item (another worker may hold it now): the run
    /// then stops and writes nothing. The append itself is not cancelled by it, since the append's own re-plan ends the lease.</param>
    /// <param name="cancellationToken">The token to cancel the run, including the append.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The service has no due-work store: its incident store keeps none and
    /// <see cref="IncidentServiceOptions.DueWork"/> is not set.</exception>
    /// <exception cref="IncidentConcurrencyException">Other writers won every attempt (see <see cref="ExecuteAsync"/>).</exception>
    /// <exception cref="OperationCanceledException">The lease was lost or the run cancelled; nothing was written.</exception>
    /// <remarks>
    /// <para>The run decides at the later of the clock's instant and the item's due instant, so a worker whose clock runs behind
    /// the store's records the same events rather than finding nothing due. First the automations' I/O steps run (the war room of
    /// <see cref="MajorIncidentAutomation"/>), then every automation in order (<see cref="IncidentServiceOptions.Automations"/>).
    /// Each event recorded is checked with <see cref="IncidentServiceOptions.Authorizer"/> as the tenant's system actor.</para>
    /// <para>Exactly once per effect rests on two things, not on timing: automations read what was done from the incident's events,
    /// and the store appends only at the expected version; a conflict is decided again on the new state, like every command.
    /// The append replaces the incident's due work, which ends the lease; a plan that did not move is given back instead
    /// (<see cref="IDueWorkStore.ReleaseDueAsync"/>), and an incident with nothing more planned is completed.</para>
    /// </remarks>
    public async Task<DueRunResult> RunDueAsync(ClaimedDueWork claim, CancellationToken leaseLost, CancellationToken cancellationToken)
    {
        Guard.Against.Null(claim);
        var dueWork = _dueWork ?? throw new InvalidOperationException(
            "The incident store keeps no due work: set IncidentServiceOptions.DueWork to the store the claim came from.");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(leaseLost, cancellationToken);
        var run = new DueRun(this, claim);
        var incident = await CommitAsync(claim.Tenant, claim.Incident, run.DecideAsync, linked.Token, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            await dueWork.CompleteDueAsync(claim, linked.Token).ConfigureAwait(false);
            return new DueRunResult(claim, DueRunOutcome.IncidentNotFound, null, [], null, null);
        }

        switch (run.Outcome)
        {
            case DueRunOutcome.Recorded when run.Next == claim.Due:
                // The append replaced the plan, which ended the lease; only an unchanged plan leaves it to give back.
                await dueWork.ReleaseDueAsync(claim, cancellationToken).ConfigureAwait(false);
                break;
            case DueRunOutcome.NothingDue when run.Next is null:
                // Either another worker did it already (its append re-planned, so this lease is gone and completing fails
                // harmlessly), or nothing more is planned. A plan that moved without events cannot be written (a change needs an
                // event), so the lease is then left to lapse and the incident is looked at again.
                await dueWork.CompleteDueAsync(claim, linked.Token).ConfigureAwait(false);
                break;
        }

        return new DueRunResult(claim, run.Outcome, incident, run.Recorded, run.Next, run.Denial);
    }

    // One run's decision, kept across the loop's attempts: each attempt overwrites what the last one found.
    private sealed class DueRun(IncidentService service, ClaimedDueWork claim)
    {
        public DueRunOutcome Outcome { get; private set; } = DueRunOutcome.NothingDue;

        public IReadOnlyList<IncidentEvent> Recorded { get; private set; } = [];

        public DueWork? Next { get; private set; }

        public IncidentAccessDeniedException? Denial { get; private set; }

        public async ValueTask<IncidentChange?> DecideAsync(Incident incident, CancellationToken cancellationToken)
        {
            var now = Instant.Max(service._clock.GetCurrentInstant(), claim.Due.DueAt);
            await service._automations.RunEffectsAsync(incident, now, cancellationToken).ConfigureAwait(false);
            Next = service._automations.Decide(incident, now);
            Recorded = [];
            Denial = null;
            if (incident.PendingEvents.Count == 0)
            {
                Outcome = DueRunOutcome.NothingDue;
                return null;
            }

            var recorded = incident.PendingEvents.ToArray();
            Denial = service.Denied(claim.Tenant, recorded);
            if (Denial is not null)
            {
                Outcome = DueRunOutcome.Denied;
                return null;
            }

            Outcome = DueRunOutcome.Recorded;
            Recorded = recorded;
            var change = IncidentChange.For(incident) with { NextDue = Next };
            return service._outbox is null ? change
                : change with { Outbox = await service._outbox.PlanAsync(incident, recorded, now, cancellationToken).ConfigureAwait(false) };
        }
    }

    // Automations act as the system actor of the incident's tenant (with each event's own automated user), and every event they
    // would record is checked as the action it amounts to, as a person's command is.
    private IncidentAccessDeniedException? Denied(TenantId tenant, IncidentEvent[] recorded)
    {
        foreach (var e in recorded)
        {
            var actor = IncidentActor.System(tenant, e.Actor);
            var action = IncidentActions.Of(e);
            var decision = _authorizer.Authorize(actor, tenant, action);
            if (!decision.IsAllowed)
            {
                return new IncidentAccessDeniedException(actor, action, decision.Reason ?? "denied");
            }
        }

        return null;
    }
}
