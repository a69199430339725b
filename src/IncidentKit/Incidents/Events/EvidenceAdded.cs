using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records evidence added to an incident: a link, or a file kept in a blob store beside the events.</summary>
/// <param name="EventId">The event's unique id.</param>
/// <param name="At">When it was added.</param>
/// <param name="Actor">Who added it.</param>
/// <param name="EvidenceId">The evidence's id within the incident.</param>
/// <param name="Title">What it shows.</param>
/// <param name="Url">The link, for link evidence; otherwise <see langword="null"/>.</param>
/// <param name="FileName">The file's name, for file evidence; otherwise <see langword="null"/>.</param>
/// <param name="ContentType">The file's checked content type, for file evidence.</param>
/// <param name="Size">The file's size in bytes, for file evidence.</param>
/// <param name="Sha256">The file's SHA-256 as lower-case hex, for file evidence.</param>
/// <threadsafety>Events are immutable.</threadsafety>
public sealed record EvidenceAdded(Guid EventId, Instant At, UserId Actor, string EvidenceId, string Title, Uri? Url,
    string? FileName, string? ContentType, long? Size, string? Sha256) : IncidentEvent(EventId, At, Actor);
