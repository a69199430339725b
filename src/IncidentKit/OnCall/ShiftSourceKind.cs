namespace IncidentKit.OnCall;

/// <summary>Names what put the users of a shift on call.</summary>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public enum ShiftSourceKind
{
    /// <summary>A rotation layer; the index is into <see cref="OnCallSchedule.Layers"/>.</summary>
    Layer = 1,

    /// <summary>A temporary schedule; the index is into <see cref="OnCallSchedule.TemporarySchedules"/>.</summary>
    TemporarySchedule = 2,

    /// <summary>An override; the index is into <see cref="OnCallSchedule.Overrides"/>.</summary>
    Override = 3,
}
