namespace IncidentKit.Escalation;

/// <summary>Lists the problems <see cref="EscalationPolicy.Lint"/> reports.</summary>
public enum EscalationDiagnosticCode
{
    /// <summary>A level can never be reached from level 1: a jump passes over it and no repeat comes back to it.</summary>
    UnreachableLevel = 0,

    /// <summary>A level notifies nobody.</summary>
    LevelWithoutTargets = 1,

    /// <summary>A schedule target has intervals with nobody on call in the window checked (14 days by default).</summary>
    ScheduleGaps = 2,

    /// <summary>A schedule target names a schedule the resolver does not know.</summary>
    UnknownSchedule = 3,

    /// <summary>A loop of levels has zero total delay: every pass fires at the same instant.</summary>
    ZeroDelayLoop = 4,

    /// <summary>The walk can never end: a backward jump loops without the explicit repeat-forever flag, or the flag is set on a loop with zero total delay.</summary>
    NeverEndingRepeat = 5,
}
