namespace IncidentKit.OnCall;

/// <summary>Names the wall-clock unit in which a rotation's turn length is counted.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum RotationUnit
{
    /// <summary>Local wall-clock hours counted from the rotation start.</summary>
    Hours = 1,

    /// <summary>Local days: each handoff happens at the same local time of day.</summary>
    Days = 2,

    /// <summary>Weeks of exactly 7 local days, whatever daylight saving time does.</summary>
    Weeks = 3,
}
