using System.Buffers;
using System.Globalization;
using System.Text;
using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Walks one incident's stored events in version order, recomputing their hash chain, and reports the first broken link.</summary>
/// <remarks>
/// <para>A store reads its rows (version, event JSON in the storage format, stored predecessor hash, stored hash) and feeds them
/// through <see cref="Add(long, ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, then calls
/// <see cref="Complete"/> with the version its stream record claims. Rows without hashes (stored before the chain existed) are
/// chained all the same, so the first hashed row after them vouches for them; see <see cref="TimelineVerification"/>.</para>
/// <para>After the first break, further rows are ignored.</para>
/// </remarks>
/// <threadsafety>Instances are not thread-safe: one verifier per verification.</threadsafety>
public sealed class EventChainVerifier
{
    private readonly TenantId _tenant;
    private readonly IncidentId _incident;
    private readonly byte[] _head = new byte[EventChain.HashLength];
    private readonly byte[] _computed = new byte[EventChain.HashLength];
    private long _count;
    private long _preChain;
    private bool _hashedSeen;
    private TimelineBreak? _break;

    /// <summary>Initializes a verifier for one incident's stream.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    public EventChainVerifier(TenantId tenant, IncidentId incident)
    {
        _tenant = tenant;
        _incident = incident;
        EventChain.GenesisHash.CopyTo(_head);
    }

    /// <summary>Gets whether a broken link has been found.</summary>
    public bool IsBroken => _break is not null;

    /// <summary>Gets how many events have been checked.</summary>
    public long Count => _count;

    /// <summary>Gets the chain's head so far: the hash of the last event checked, or <see cref="EventChain.GenesisHash"/> before any.</summary>
    public ReadOnlySpan<byte> Head => _head;

    /// <summary>Checks the next stored event.</summary>
    /// <param name="version">The event's stored version.</param>
    /// <param name="eventJsonUtf8">The event in the storage format, as UTF-8.</param>
    /// <param name="storedPreviousHash">The predecessor hash stored with it; empty for a pre-chain event.</param>
    /// <param name="storedHash">The hash stored with it; empty for a pre-chain event.</param>
    public void Add(long version, ReadOnlySpan<byte> eventJsonUtf8, ReadOnlySpan<byte> storedPreviousHash, ReadOnlySpan<byte> storedHash)
    {
        if (_break is not null)
        {
            return;
        }

        var expectedVersion = _count + 1;
        if (version != expectedVersion)
        {
            _break = version > expectedVersion
                ? new TimelineBreak(expectedVersion, TimelineBreakKind.EventMissing, Version(expectedVersion), Version(version))
                : new TimelineBreak(expectedVersion, TimelineBreakKind.UnexpectedEvent, Version(expectedVersion), Version(version));
            return;
        }

        EventChain.ComputeHash(_tenant, _incident, version, eventJsonUtf8, _head, _computed);
        if (storedPreviousHash.IsEmpty && storedHash.IsEmpty)
        {
            if (_hashedSeen)
            {
                _break = new TimelineBreak(version, TimelineBreakKind.HashMissing, Hex(_computed), "no hash");
                return;
            }

            _preChain++;
        }
        else if (!storedPreviousHash.SequenceEqual(_head))
        {
            _break = new TimelineBreak(version, TimelineBreakKind.LinkBroken, Hex(storedPreviousHash), Hex(_head));
            return;
        }
        else if (!storedHash.SequenceEqual(_computed))
        {
            _break = new TimelineBreak(version, TimelineBreakKind.ContentChanged, Hex(storedHash), Hex(_computed));
            return;
        }
        else
        {
            _hashedSeen = true;
        }

        _computed.CopyTo(_head, 0);
        _count++;
    }

    /// <summary>Checks the next stored event, given as text.</summary>
    /// <param name="version">The event's stored version.</param>
    /// <param name="eventJson">The event in the storage format.</param>
    /// <param name="storedPreviousHash">The predecessor hash stored with it; empty for a pre-chain event.</param>
    /// <param name="storedHash">The hash stored with it; empty for a pre-chain event.</param>
    /// <exception cref="ArgumentNullException"><paramref name="eventJson"/> is null.</exception>
    public void Add(long version, string eventJson, ReadOnlySpan<byte> storedPreviousHash, ReadOnlySpan<byte> storedHash)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(eventJson.Length));
        try
        {
            var written = Encoding.UTF8.GetBytes(eventJson, rented);
            Add(version, rented.AsSpan(0, written), storedPreviousHash, storedHash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Ends the walk and reports the result.</summary>
    /// <param name="streamVersion">The version the stream's own record claims (0 when the stream does not exist).</param>
    /// <returns>The verification.</returns>
    public TimelineVerification Complete(long streamVersion)
    {
        if (_break is null && _count < streamVersion)
        {
            _break = new TimelineBreak(_count + 1, TimelineBreakKind.EventMissing, Version(_count + 1), "end of stream");
        }
        else if (_break is null && _count > streamVersion)
        {
            _break = new TimelineBreak(streamVersion + 1, TimelineBreakKind.UnexpectedEvent, $"end of stream at version {streamVersion}",
                Version(streamVersion + 1));
        }

        var head = _break is null && _count > 0 ? Hex(_head) : null;
        return new TimelineVerification(_tenant, _incident, streamVersion, _preChain, _hashedSeen ? 0 : _preChain, head, _break);
    }

    private static string Version(long version) => "version " + version.ToString(CultureInfo.InvariantCulture);

    private static string Hex(ReadOnlySpan<byte> hash) => hash.IsEmpty ? "no hash" : Convert.ToHexStringLower(hash);
}
