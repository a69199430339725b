using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.MajorIncidents;
using IncidentKit.Runbooks;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Runs the major-incident protocol and runbooks: attaches the matching runbook (on opening and after a
/// recategorisation), declares a major incident by rule and runs its checklist (<see cref="MajorIncidentChecklist"/>).</summary>
/// <remarks>
/// <para>The war room needs I/O: when a war-room provider is given, <see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/>
/// opens it before the pure decision, with a 30-second timeout, and the outcome (success, or failure with the next attempt) lands
/// on the timeline like every other step; the checklist then plans the retry as the incident's due work. Run it before
/// <see cref="CommunicationAutomation"/>, so a tightened update cadence is seen by the reminders of the same run.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe if its parts are (the shipped ones are).</threadsafety>
public sealed class MajorIncidentAutomation : IIncidentAutomation, IIncidentEffects
{
    // A provider that hangs must not hold the worker's lease for ever; a timeout is a failed attempt like any other.
    private static readonly TimeSpan WarRoomTimeout = TimeSpan.FromSeconds(30);

    private readonly MajorIncidentPolicy? _policy;
    private readonly RunbookLibrary? _runbooks;
    private readonly IOnCallResolver? _commanders;
    private readonly IWarRoomProvider? _warRooms;
    private readonly CommunicationPlans? _plans;

    /// <summary>Initializes the automation.</summary>
    /// <param name="policy">The major-incident policy (declaration rules and checklist), or <see langword="null"/> for none.</param>
    /// <param name="runbooks">The runbooks to attach, or <see langword="null"/> for none.</param>
    /// <param name="commanders">Resolves the on-call incident commander, or <see langword="null"/>.</param>
    /// <param name="warRooms">Opens war rooms, or <see langword="null"/> to skip that step.</param>
    /// <param name="plans">The communication plans the executives are told through, or <see langword="null"/> when not known.</param>
    public MajorIncidentAutomation(MajorIncidentPolicy? policy, RunbookLibrary? runbooks = null, IOnCallResolver? commanders = null,
        IWarRoomProvider? warRooms = null, CommunicationPlans? plans = null)
    {
        _plans = plans;
        _policy = policy;
        _runbooks = runbooks;
        _commanders = commanders;
        _warRooms = warRooms;
    }

    /// <summary>Gets a value indicating whether the automation has anything to do (a policy or runbooks).</summary>
    public bool IsActive => _policy is not null || _runbooks is not null;

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        _runbooks?.AttachMatching(incident, now, incident.AlertLabels);
        return _policy is not null && MajorIncidentChecklist.Run(incident, _policy, now, _commanders, _warRooms is not null, _plans) is { } next
            ? new DueWork(next, DueWorkKind.MajorIncidentChecklist)
            : null;
    }

    async Task IIncidentEffects.RunEffectsAsync(Incident incident, Instant now, CancellationToken cancellationToken)
    {
        if (_policy is null || _warRooms is null || incident.MajorDeclaration is not { } declaration
            || !MajorIncidentChecklist.DueSteps(incident, _policy, now).Contains(MajorIncidentStep.OpenWarRoom))
        {
            return;
        }

        var status = MajorIncidentChecklist.StatusOf(incident, _policy).First(s => s.Step == MajorIncidentStep.OpenWarRoom);
        var attempt = status.FailedAttempts + 1;
        var request = new WarRoomRequest(incident.Tenant, incident.Id, incident.Title, incident.Priority, declaration.Reason,
            $"{incident.Tenant}/{incident.Id}/{declaration.EventId:N}/war-room", attempt) { Commander = incident.Commander };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WarRoomTimeout);
        try
        {
            var room = await _warRooms.OpenAsync(request, timeout.Token).ConfigureAwait(false);
            incident.RecordMajorIncidentStepCompleted(MajorIncidentStep.OpenWarRoom, $"War room {room.Name} opened: {room.Link}", now, room.Link);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The failure is the timeline's record (MajorIncidentStepFailed, with the reason and the next attempt), which the
            // host logs from the run's result.
            var retryAt = now + _policy.RetryDelay(attempt);
            var reason = ex is OperationCanceledException ? $"The war-room provider did not answer within {WarRoomTimeout.TotalSeconds:0} seconds."
                : string.IsNullOrWhiteSpace(ex.Message) ? ex.GetType().Name : ex.Message;
            incident.RecordMajorIncidentStepFailed(MajorIncidentStep.OpenWarRoom, reason, retryAt, now);
        }
    }
}
