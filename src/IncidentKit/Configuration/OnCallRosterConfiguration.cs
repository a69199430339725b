namespace IncidentKit.Configuration;

/// <summary>Describes a roster of on-call schedules.</summary>
/// <remarks>A bare array of schedules stands for <c>{ "schedules": [ … ] }</c>.</remarks>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[ShortForm("schedules")]
[Expected("an array of schedules (or { \"schedules\": [...] })")]
public sealed record OnCallRosterConfiguration
{
    /// <summary>Gets the schedules; their ids are unique.</summary>
    [Expected("an array of schedules (or { \"schedules\": [...] })")]
    public IReadOnlyList<OnCallScheduleConfiguration>? Schedules { get; init; }
}
