namespace IncidentKit.OnCall;

/// <summary>Identifies the layer, temporary schedule or override that produced a shift.</summary>
/// <param name="Kind">The kind of source.</param>
/// <param name="Index">The position of the source in the schedule's <see cref="OnCallSchedule.Layers"/>, <see cref="OnCallSchedule.TemporarySchedules"/> or <see cref="OnCallSchedule.Overrides"/>.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct ShiftSource(ShiftSourceKind Kind, int Index)
{
    /// <summary>Returns a readable form such as <c>Layer 2</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"{Kind} {Index}";
}
