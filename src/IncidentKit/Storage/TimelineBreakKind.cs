namespace IncidentKit.Storage;

/// <summary>Names how an incident's stored timeline fails its hash chain.</summary>
public enum TimelineBreakKind
{
    /// <summary>The event's stored content no longer hashes to the hash stored with it: it was edited.</summary>
    ContentChanged,

    /// <summary>The predecessor hash stored with the event is not the hash of the event stored before it: events were removed,
    /// inserted or reordered, or the predecessor's hash was rewritten.</summary>
    LinkBroken,

    /// <summary>A version is missing: the stream has a gap, or ends before the version its stream record claims.</summary>
    EventMissing,

    /// <summary>An event sits where none may: a repeated version, or events beyond the version the stream record claims.</summary>
    UnexpectedEvent,

    /// <summary>An event without a hash follows hashed events; only events stored before the chain existed may lack one, and only
    /// at the start of a stream.</summary>
    HashMissing,
}
