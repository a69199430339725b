namespace IncidentKit.MajorIncidents;

/// <summary>Describes an opened war room.</summary>
/// <param name="Name">The room's name, e.g. <c>#inc-2026-0042</c>.</param>
/// <param name="Link">Where people join it.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record WarRoom(string Name, Uri Link);
