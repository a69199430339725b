using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Storage;

public sealed partial class InMemoryIncidentStore
{
    /// <inheritdoc />
    public ValueTask<TimelineVerification> VerifyAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verifier = new EventChainVerifier(tenant, incident);
        lock (_lock)
        {
            if (!_streams.TryGetValue((tenant, incident), out var stream))
            {
                return ValueTask.FromResult(verifier.Complete(0));
            }

            for (var i = 0; i < stream.EventCount && !verifier.IsBroken; i++)
            {
                verifier.Add(i + 1, IncidentEventSerializer.SerializeToUtf8Bytes(stream.EventAt(i)), stream.PreviousHashAt(i), stream.HashAt(i));
            }

            return ValueTask.FromResult(verifier.Complete(stream.EventCount));
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The store was created without a clock.</exception>
    public ValueTask<ClaimedDueWork?> RenewDueAsync(ClaimedDueWork claim, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckRenewal(claim, leaseDuration);
        cancellationToken.ThrowIfCancellationRequested();
        var now = Now();
        lock (_lock)
        {
            if (SlotOrNull(claim.Tenant, claim.Incident) is not { } stream || stream.Due != claim.Due || !Holds(stream.DueLease, claim.Lease, now))
            {
                return ValueTask.FromResult<ClaimedDueWork?>(null);
            }

            var renewed = claim.Lease with { ExpiresAt = now + leaseDuration };
            stream.DueLease = renewed;
            return ValueTask.FromResult<ClaimedDueWork?>(claim with { Lease = renewed });
        }
    }

    // Call under the lock, after the change's events were added to the stream: hashes each new event from its predecessor's.
    private static void Chain(IncidentChange change, Stream stream)
    {
        var first = stream.EventCount - change.Events.Count;
        stream.MakeRoomForHashes(stream.EventCount);
        for (var i = 0; i < change.Events.Count; i++)
        {
            var at = first + i;
            EventChain.ComputeHash(change.Tenant, change.Incident, at + 1, IncidentEventSerializer.SerializeToUtf8Bytes(change.Events[i]),
                stream.PreviousHashAt(at), stream.HashSlot(at));
        }
    }

    private sealed partial class Stream
    {
        // Every event's hash (EventChain), as the SQL stores keep it: event i's 32 bytes at i × 32 of one array per stream, and
        // its predecessor's the 32 bytes before (the genesis hash for the first). Two arrays per event, as this was, took about
        // a third of the store's memory.
        private byte[] _hashes = [];

        public ReadOnlySpan<byte> HashAt(int index) => _hashes.AsSpan(index * EventChain.HashLength, EventChain.HashLength);

        public ReadOnlySpan<byte> PreviousHashAt(int index) => index == 0 ? EventChain.GenesisHash : HashAt(index - 1);

        public Span<byte> HashSlot(int index) => _hashes.AsSpan(index * EventChain.HashLength, EventChain.HashLength);

        public void MakeRoomForHashes(int events)
        {
            var needed = events * EventChain.HashLength;
            if (needed > _hashes.Length)
            {
                Array.Resize(ref _hashes, Math.Max(needed, Math.Min(_hashes.Length * 2, Array.MaxLength)));
            }
        }

        // Whether every one of these events is in this stream: the store's own set of event ids answers the common case (a new
        // event is in no stream); this scan, one pass over the stream, only runs for a change whose ids are all stored already.
        public bool HoldsAll(IReadOnlyList<IncidentEvent> events)
        {
            var wanted = events.Select(e => e.EventId).ToHashSet();
            for (var i = 0; i < EventCount && wanted.Count > 0; i++)
            {
                wanted.Remove(EventArray[i].EventId);
            }

            return wanted.Count == 0;
        }
    }
}
