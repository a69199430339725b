namespace IncidentKit.OnCall;

/// <summary>Lists what an <see cref="OnCallAdjustment"/> changes in a schedule.</summary>
public enum OnCallAdjustmentKind
{
    /// <summary>An override: another user is on call instead (see <see cref="ScheduleOverride"/>).</summary>
    Override = 0,

    /// <summary>A temporary schedule: for an interval, its shifts replace the layers (see <see cref="TemporarySchedule"/>).</summary>
    TemporarySchedule = 1,
}
