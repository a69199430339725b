using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Keeps parsed incident summaries by tenant, incident and version, so that a store listing incidents parses a row's
/// summary only when the incident changed since it was last listed.</summary>
/// <remarks>
/// <para>Correct across processes and nodes without any invalidation: a store reads each row's version in the same query as
/// the row and asks for the summary of exactly that version; a summary is a pure function of the incident's stream up to its
/// version, and streams only grow. An incident changed by another node has a new version, which misses, and is parsed.</para>
/// <para>Bounded: past <see cref="Capacity"/> entries the cache starts again empty.</para>
/// </remarks>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class IncidentSummaryCache
{
    private readonly ConcurrentDictionary<(TenantId Tenant, IncidentId Incident), IncidentSummary> _summaries = new();

    /// <summary>Initializes an empty cache.</summary>
    /// <param name="capacity">The most summaries kept, 1 to 10 000 000.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is outside 1 to 10 000 000.</exception>
    public IncidentSummaryCache(int capacity = 20_000)
    {
        Capacity = Guard.Against.OutOfRange(capacity, nameof(capacity), 1, 10_000_000);
    }

    /// <summary>Gets the most summaries kept before the cache starts again empty.</summary>
    public int Capacity { get; }

    /// <summary>Gets how many summaries are kept now.</summary>
    public int Count => _summaries.Count;

    /// <summary>Finds the summary of an incident at a version, if it is kept.</summary>
    /// <param name="tenant">The tenant of the row.</param>
    /// <param name="incident">The incident of the row.</param>
    /// <param name="version">The version of the row, read in the same query as its key.</param>
    /// <param name="summary">The kept summary of exactly that version, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the summary of that version is kept; a store then need not read its text at all.</returns>
    public bool TryGet(TenantId tenant, IncidentId incident, long version, [NotNullWhen(true)] out IncidentSummary? summary)
    {
        if (_summaries.TryGetValue((tenant, incident), out var kept) && kept.Version == version)
        {
            summary = kept;
            return true;
        }

        summary = null;
        return false;
    }

    /// <summary>Returns the summary of an incident at a version, parsing the stored text only when that version is not kept.</summary>
    /// <param name="tenant">The tenant of the row.</param>
    /// <param name="incident">The incident of the row.</param>
    /// <param name="version">The version of the row, read in the same query as its summary.</param>
    /// <param name="state">Passed to <paramref name="read"/>: typically the data reader positioned on the row.</param>
    /// <param name="read">Returns the row's stored summary text; called only on a miss.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="read"/> is null.</exception>
    public IncidentSummary GetOrParse<TState>(TenantId tenant, IncidentId incident, long version, TState state, Func<TState, string> read)
    {
        Guard.Against.Null(read);
        if (_summaries.TryGetValue((tenant, incident), out var kept) && kept.Version == version)
        {
            return kept;
        }

        var parsed = IncidentSummarySerializer.Deserialize(read(state));
        if (parsed.Tenant != tenant || parsed.Id != incident || parsed.Version != version)
        {
            // Not the summary the row's key and version promise: answer what is stored, and keep nothing.
            return parsed;
        }

        if (_summaries.Count >= Capacity)
        {
            _summaries.Clear();
        }

        _summaries[(tenant, incident)] = parsed;
        return parsed;
    }
}
