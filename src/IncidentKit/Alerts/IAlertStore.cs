using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Keeps the alert intake's inbox, its groups' state and the integration keys, in the same store as the incidents.</summary>
/// <remarks>
/// <para>The inbox is idempotent on tenant, integration, key, status and start: a repeat adds no record, it counts an
/// occurrence. Processors claim unprocessed records under leases (each to one processor at a time) and complete them when done;
/// a record whose processor died is claimed again when its lease lapses, so a crash between the answer to the sender and the
/// processing loses nothing.</para>
/// <para>Group state is saved with compare-and-set on its version, so that of several nodes deciding on one group only one
/// decision is kept. Implementations are thread-safe and, for SQL stores, safe across processes sharing one database.</para>
/// </remarks>
public interface IAlertStore
{
    /// <summary>Records a received report, or counts a repeat of one recorded already.</summary>
    /// <param name="received">The report.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>What the inbox did; the record is durable when this completes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="received"/> is null.</exception>
    ValueTask<AlertReceipt> ReceiveAsync(AlertReceived received, CancellationToken cancellationToken = default);

    /// <summary>Lists a tenant's inbox records, oldest first.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="maxItems">The most records to return, 1 to 10 000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The records.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is out of range.</exception>
    ValueTask<IReadOnlyList<AlertReceived>> ListReceivedAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default);

    /// <summary>Claims up to <paramref name="maxItems"/> unprocessed records that nobody holds, oldest first, across tenants.</summary>
    /// <param name="owner">The claiming processor's name, 1 to 200 characters.</param>
    /// <param name="leaseDuration">How long the claim is exclusive: 1 second to 1 day.</param>
    /// <param name="maxItems">The most records to claim, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the claim.</param>
    /// <returns>The claimed records.</returns>
    /// <exception cref="ArgumentException">An argument is out of range.</exception>
    ValueTask<IReadOnlyList<ClaimedAlert>> ClaimReceivedAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed record processed, if the lease still holds.</summary>
    /// <param name="claim">The record as claimed.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when marked; <see langword="false"/> when the lease lapsed or another processor holds it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claim"/> is null.</exception>
    ValueTask<bool> CompleteReceivedAsync(ClaimedAlert claim, CancellationToken cancellationToken = default);

    /// <summary>Marks claimed records processed, each if its lease still holds, in one write where the store can.</summary>
    /// <param name="claims">The records as claimed.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>How many were marked; the others' leases lapsed or are held by another processor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="claims"/> is null or holds null.</exception>
    /// <remarks>The default completes them one by one through <see cref="CompleteReceivedAsync(ClaimedAlert, CancellationToken)"/>.</remarks>
    async ValueTask<int> CompleteAllReceivedAsync(IReadOnlyList<ClaimedAlert> claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var completed = 0;
        foreach (var claim in claims)
        {
            if (await CompleteReceivedAsync(claim, cancellationToken).ConfigureAwait(false))
            {
                completed++;
            }
        }

        return completed;
    }

    /// <summary>Reads a group's state and all its entries, or returns <see langword="null"/> when the tenant has no such group.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="groupKey">The group's key.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The group with every entry stored for it (<see cref="AlertGroupRecord.Entries"/>), as of one version; or
    /// <see langword="null"/>.</returns>
    ValueTask<AlertGroupRecord?> FindGroupOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default);

    /// <summary>Reads a group's version only, or returns <see langword="null"/> when the tenant has no such group.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="groupKey">The group's key.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The version, or <see langword="null"/>.</returns>
    /// <remarks>Lets a processor that kept the state it saved last check that nobody saved since, without reading the state (which
    /// lists every alert of the group). The default reads the whole group through <see cref="FindGroupOrNullAsync"/>.</remarks>
    async ValueTask<long?> FindGroupVersionOrNullAsync(TenantId tenant, string groupKey, CancellationToken cancellationToken = default) =>
        (await FindGroupOrNullAsync(tenant, groupKey, cancellationToken).ConfigureAwait(false))?.Version;

    /// <summary>Saves a group's state and the entries it carries if the stored version is the expected one.</summary>
    /// <param name="group">The new state; its <see cref="AlertGroupRecord.Version"/> must be one more than <paramref name="expectedVersion"/>.
    /// Its <see cref="AlertGroupRecord.Entries"/> are the entries that changed: each replaces the stored entry of its key, and
    /// the entries it does not carry are kept. Nothing is written when the version does not match.</param>
    /// <param name="expectedVersion">The version read (0 when the group did not exist).</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns><see langword="true"/> when saved; <see langword="false"/> when another writer saved first.</returns>
    /// <exception cref="ArgumentException">The new version is not one more than the expected one, or an entry's key or text is
    /// out of range (see <see cref="AlertStoreContract.CheckSave"/>).</exception>
    ValueTask<bool> SaveGroupAsync(AlertGroupRecord group, long expectedVersion, CancellationToken cancellationToken = default);

    /// <summary>Lists groups whose next check has come, across tenants, earliest first.</summary>
    /// <param name="now">The instant.</param>
    /// <param name="maxItems">The most groups, 1 to 1000.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The groups, without their entries (<see cref="AlertGroupRecord.Entries"/> is empty: read a group with
    /// <see cref="FindGroupOrNullAsync"/> to have them).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxItems"/> is out of range.</exception>
    ValueTask<IReadOnlyList<AlertGroupRecord>> ListDueGroupsAsync(Instant now, int maxItems, CancellationToken cancellationToken = default);

    /// <summary>Stores an integration key (its hash), replacing one with the same hash.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to cancel the write.</param>
    /// <returns>A task that completes when the key is stored.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    ValueTask SaveIntegrationKeyAsync(IntegrationKey key, CancellationToken cancellationToken = default);

    /// <summary>Finds the integration key with a hash, or returns <see langword="null"/>.</summary>
    /// <param name="keyHash">The hash (<see cref="IntegrationKey.Hash"/> of the presented secret).</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    ValueTask<IntegrationKey?> FindIntegrationKeyOrNullAsync(string keyHash, CancellationToken cancellationToken = default);
}
