using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.MajorIncidents;
using IncidentKit.Runbooks;
using IncidentKit.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace IncidentKit.Hosting.Worker;

// The major-incident protocol and runbooks in the worker: attaches the matching runbook (on open and after a recategorisation),
// declares by rule, and runs the checklist (MajorIncidentChecklist, pure). The war room needs I/O, so it is opened before the
// pure decision (RunEffectsAsync), and its outcome, success or failure with the next attempt, lands on the timeline like every
// other step; the checklist then plans the retry as the incident's due work. Runs before the communication plan, so a tightened
// cadence is seen by the reminders of the same pass.
internal sealed class MajorIncidentAutomation(MajorIncidentPolicy? policy, RunbookLibrary? runbooks, IOnCallResolver? commanders,
    IWarRoomProvider? warRooms, ILogger logger) : IIncidentAutomation
{
    // A provider that hangs must not hold the worker's lease for ever; a timeout is a failed attempt like any other.
    private static readonly TimeSpan WarRoomTimeout = TimeSpan.FromSeconds(30);

    public bool IsActive => policy is not null || runbooks is not null;

    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        runbooks?.AttachMatching(incident, now, incident.AlertLabels);
        return policy is not null && MajorIncidentChecklist.Run(incident, policy, now, commanders, warRooms is not null) is { } next
            ? new DueWork(next, DueWorkKind.MajorIncidentChecklist)
            : null;
    }

    public async Task RunEffectsAsync(Incident incident, Instant now, CancellationToken cancellationToken)
    {
        if (policy is null || warRooms is null || incident.MajorDeclaration is not { } declaration
            || !MajorIncidentChecklist.DueSteps(incident, policy, now).Contains(MajorIncidentStep.OpenWarRoom))
        {
            return;
        }

        var status = MajorIncidentChecklist.StatusOf(incident, policy).First(s => s.Step == MajorIncidentStep.OpenWarRoom);
        var attempt = status.FailedAttempts + 1;
        var request = new WarRoomRequest(incident.Tenant, incident.Id, incident.Title, incident.Priority, declaration.Reason,
            $"{incident.Tenant}/{incident.Id}/{declaration.EventId:N}/war-room", attempt) { Commander = incident.Commander };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WarRoomTimeout);
        try
        {
            var room = await warRooms.OpenAsync(request, timeout.Token).ConfigureAwait(false);
            incident.RecordMajorIncidentStepCompleted(MajorIncidentStep.OpenWarRoom, $"War room {room.Name} opened: {room.Link}", now, room.Link);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var retryAt = now + policy.RetryDelay(attempt);
            var reason = ex is OperationCanceledException ? $"The war-room provider did not answer within {WarRoomTimeout.TotalSeconds:0} seconds."
                : string.IsNullOrWhiteSpace(ex.Message) ? ex.GetType().Name : ex.Message;
            incident.RecordMajorIncidentStepFailed(MajorIncidentStep.OpenWarRoom, reason, retryAt, now);
            Log.WarRoomFailed(logger, ex, incident.Id.ToString(), attempt, retryAt.ToString());
        }
    }
}
