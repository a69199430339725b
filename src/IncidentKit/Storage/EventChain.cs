using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Computes the hash chain that makes an incident's stored timeline tamper-evident.</summary>
/// <remarks>
/// <para>Each stored event carries the hash of its predecessor and its own hash: SHA-256 over a canonical form of
/// <c>"IKC1" ‖ previous hash ‖ tenant ‖ incident ‖ version ‖ event JSON</c>, where the tenant is UTF-8 with a 4-byte big-endian
/// length, the incident is its 16 GUID bytes in big-endian order, the version is 8 bytes big-endian and the event JSON is the
/// event in the library's storage format (<see cref="IncidentEventSerializer"/>). The first event's previous hash is
/// <see cref="GenesisHash"/> (32 zero bytes). Because the tenant, the incident and the version are hashed, an event cannot be
/// moved to another stream or another place in its stream without breaking the chain.</para>
/// <para>Implementation note: stores compute the hashes in their append path, inside the append's transaction, from the JSON
/// they write; <see cref="EventChainVerifier"/> recomputes them from what is stored.</para>
/// <para>What it proves: an edit, deletion, insertion or reordering of stored events by anyone who does not also recompute every
/// later hash is found by <see cref="IIncidentTimelineVerifier.VerifyAsync"/>. Someone with write access who knows this
/// algorithm can rewrite a whole chain; compare <see cref="TimelineVerification.Head"/> with a copy kept elsewhere (an audit
/// log, a ticket) to detect that too.</para>
/// </remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class EventChain
{
    /// <summary>The length of a hash in bytes (SHA-256).</summary>
    public const int HashLength = 32;

    private static readonly byte[] Domain = "IKC1"u8.ToArray();
    private static readonly byte[] Genesis = new byte[HashLength];

    /// <summary>Gets the previous hash of a stream's first event: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> GenesisHash => Genesis;

    /// <summary>Computes an event's hash from its predecessor's hash into a buffer.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version in its stream: 1 for the first event.</param>
    /// <param name="eventJsonUtf8">The event in the storage format, as UTF-8.</param>
    /// <param name="previousHash">The predecessor's hash, or <see cref="GenesisHash"/> for version 1.</param>
    /// <param name="destination">Receives the 32-byte hash.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="previousHash"/> is not 32 bytes, or <paramref name="destination"/> is shorter.</exception>
    public static void ComputeHash(TenantId tenant, IncidentId incident, long version, ReadOnlySpan<byte> eventJsonUtf8, ReadOnlySpan<byte> previousHash, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        if (previousHash.Length != HashLength)
        {
            throw new ArgumentException($"A previous hash is {HashLength} bytes; this one is {previousHash.Length}.", nameof(previousHash));
        }

        if (destination.Length < HashLength)
        {
            throw new ArgumentException($"The destination needs room for {HashLength} bytes.", nameof(destination));
        }

        var tenantValue = tenant.Value ?? "";
        var tenantLength = Encoding.UTF8.GetByteCount(tenantValue);
        var length = Domain.Length + HashLength + 4 + tenantLength + 16 + 8 + eventJsonUtf8.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var buffer = rented.AsSpan(0, length);
            var at = 0;
            Domain.CopyTo(buffer);
            at += Domain.Length;
            previousHash.CopyTo(buffer[at..]);
            at += HashLength;
            BinaryPrimitives.WriteInt32BigEndian(buffer[at..], tenantLength);
            at += 4;
            at += Encoding.UTF8.GetBytes(tenantValue, buffer[at..]);
            incident.Value.TryWriteBytes(buffer[at..], bigEndian: true, out _);
            at += 16;
            BinaryPrimitives.WriteInt64BigEndian(buffer[at..], version);
            at += 8;
            eventJsonUtf8.CopyTo(buffer[at..]);
            SHA256.HashData(buffer, destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Returns an event's hash from its predecessor's hash.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="version">The event's version in its stream: 1 for the first event.</param>
    /// <param name="eventJson">The event in the storage format (<see cref="IncidentEventSerializer.Serialize"/>).</param>
    /// <param name="previousHash">The predecessor's hash, or <see cref="GenesisHash"/> for version 1.</param>
    /// <returns>The 32-byte hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventJson"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="previousHash"/> is not 32 bytes.</exception>
    public static byte[] ComputeHash(TenantId tenant, IncidentId incident, long version, string eventJson, ReadOnlySpan<byte> previousHash)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        var hash = new byte[HashLength];
        var byteCount = Encoding.UTF8.GetByteCount(eventJson);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(eventJson, rented);
            ComputeHash(tenant, incident, version, rented.AsSpan(0, written), previousHash, hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return hash;
    }

    /// <summary>Returns the hashes of events appended after a stream's head: each event's predecessor hash and its own.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident.</param>
    /// <param name="expectedVersion">The stream's version before the append.</param>
    /// <param name="headHash">The hash of the event at <paramref name="expectedVersion"/>, or <see cref="GenesisHash"/> for a new stream.</param>
    /// <param name="eventJson">The appended events in the storage format, oldest first.</param>
    /// <returns>One (previous, own) pair per event.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventJson"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="headHash"/> is not 32 bytes.</exception>
    public static IReadOnlyList<(byte[] Previous, byte[] Hash)> Link(TenantId tenant, IncidentId incident, long expectedVersion, ReadOnlySpan<byte> headHash, IReadOnlyList<string> eventJson)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var links = new (byte[] Previous, byte[] Hash)[eventJson.Count];
        var previous = headHash.ToArray();
        for (var i = 0; i < eventJson.Count; i++)
        {
            var hash = ComputeHash(tenant, incident, expectedVersion + i + 1, eventJson[i], previous);
            links[i] = (previous, hash);
            previous = hash;
        }

        return links;
    }

    /// <summary>Returns stored event JSON in the storage format, for a store that keeps events in another text form.</summary>
    /// <param name="storedJson">The event as the store returns it (for example PostgreSQL <c>jsonb</c>, whose keys are reordered).</param>
    /// <returns>The event as <see cref="IncidentEventSerializer.Serialize"/> writes it.</returns>
    /// <exception cref="System.Text.Json.JsonException">The stored JSON is not an incident event.</exception>
    public static string Canonicalize(string storedJson) => IncidentEventSerializer.Serialize(IncidentEventSerializer.Deserialize(storedJson));
}
