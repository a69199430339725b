namespace IncidentKit.OnCall;

/// <summary>Lists the codes of schedule diagnostics, stable across versions so that a user interface can key on them.</summary>
/// <threadsafety>This type is static and safe to use from any number of threads.</threadsafety>
public static class ScheduleDiagnosticCodes
{
    /// <summary>Gets the code of a coverage gap: no one is on call.</summary>
    public const string CoverageGap = "ONCALL001";

    /// <summary>Gets the code of a participant on call in two schedules at once.</summary>
    public const string DoubleBooked = "ONCALL002";

    /// <summary>Gets the code of a layer that a higher layer or a temporary schedule hides entirely over the window.</summary>
    public const string HiddenLayer = "ONCALL003";

    /// <summary>Gets the code of an override replacing someone who is not a participant of the schedule.</summary>
    public const string OverrideOfNonParticipant = "ONCALL004";

    /// <summary>Gets the code of an override that never takes effect because the user it replaces is never on call during it.</summary>
    public const string IneffectiveOverride = "ONCALL005";
}
