namespace IncidentKit.Storage;

/// <summary>Thrown when a review or problem save expected another stored version: someone else saved first.</summary>
/// <remarks>Read the record again, apply the change again and retry.</remarks>
/// <threadsafety>Instances are immutable once thrown.</threadsafety>
public sealed class RecordConcurrencyException : Exception
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="record">What was saved, e.g. <c>review of incident …</c>.</param>
    /// <param name="expected">The version the save expected (0: none).</param>
    /// <param name="actual">The version stored (0: none).</param>
    public RecordConcurrencyException(string record, long expected, long actual)
        : base($"The {record} was expected at v{expected} but the store holds v{actual}: someone else saved it first. Read it again and retry.")
    {
        Record = record;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Gets what was saved.</summary>
    public string Record { get; }

    /// <summary>Gets the version the save expected.</summary>
    public long Expected { get; }

    /// <summary>Gets the version stored.</summary>
    public long Actual { get; }
}
