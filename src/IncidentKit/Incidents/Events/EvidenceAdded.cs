using NodaTime;

namespace IncidentKit.Incidents.Events;

/// <summary>Records evidence added to an incident: a link, or a file kept in a blob store beside the events.</summary>
/// <remarks>Its fields are <see langword="init"/> properties (those every such event has are <see langword="required"/>), so the
/// event can gain fields without breaking the code that creates it; the stored JSON is byte for byte what the positional
/// record wrote (same names, same order).</remarks>
/// <param name="EventId">The event's unique id.</param>
/// <param name="At">When it was added.</param>
/// <param name="Actor">Who added it.</param>
/// <threadsafety>Events are immutable.</threadsafety>
public sealed record EvidenceAdded(Guid EventId, Instant At, UserId Actor) : IncidentEvent(EventId, At, Actor)
{
    /// <summary>Gets the evidence's id within the incident.</summary>
    public required string EvidenceId { get; init; }

    /// <summary>Gets what it shows.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the link, for link evidence; otherwise <see langword="null"/>.</summary>
    public Uri? Url { get; init; }

    /// <summary>Gets the file's name, for file evidence; otherwise <see langword="null"/>.</summary>
    public string? FileName { get; init; }

    /// <summary>Gets the file's checked content type, for file evidence.</summary>
    public string? ContentType { get; init; }

    /// <summary>Gets the file's size in bytes, for file evidence.</summary>
    public long? Size { get; init; }

    /// <summary>Gets the file's SHA-256 as lower-case hex, for file evidence.</summary>
    public string? Sha256 { get; init; }
}
