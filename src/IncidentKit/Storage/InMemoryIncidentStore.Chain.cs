using IncidentKit.Incidents;
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
                verifier.Add(i + 1, IncidentEventSerializer.SerializeToUtf8Bytes(stream.EventAt(i)), stream.Links[i].Previous, stream.Links[i].Hash);
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

    // Call under the lock, after the change's events were added to the stream.
    private static void Chain(IncidentChange change, Stream stream)
    {
        var head = stream.Links.Count == 0 ? EventChain.GenesisHash.ToArray() : stream.Links[^1].Hash;
        stream.Links.AddRange(EventChain.Link(change.Tenant, change.Incident, change.ExpectedVersion.Value, head,
            [.. change.Events.Select(IncidentEventSerializer.Serialize)]));
    }
}
