using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

public sealed partial class SqliteIncidentStore
{
    /// <inheritdoc />
    /// <remarks>The new expiry is counted from this store's clock. Across processes sharing a file, each process measures leases
    /// with its own clock, so a renewed lease is exclusive only while the processes' clocks agree to within the lease's margin
    /// (see the type's remarks).</remarks>
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public ValueTask<ClaimedDueWork?> RenewDueAsync(ClaimedDueWork claim, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckRenewal(claim, leaseDuration);
        return WriteAsync(connection =>
        {
            var now = _clock.GetCurrentInstant();
            var renewed = claim.Lease with { ExpiresAt = now + leaseDuration };
            using var renew = Command(connection, """
                UPDATE due_work SET lease_expires = $expires
                WHERE tenant = $tenant AND incident = $incident AND due_at = $dueAt AND kind = $kind AND
                """ + " " + HeldBy);
            renew.Parameters.AddWithValue("$tenant", claim.Tenant.Value);
            renew.Parameters.AddWithValue("$incident", Key(claim.Incident));
            renew.Parameters.AddWithValue("$dueAt", claim.Due.DueAt.ToUnixTimeTicks());
            renew.Parameters.AddWithValue("$kind", (int)claim.Due.Kind);
            renew.Parameters.AddWithValue("$expires", renewed.ExpiresAt.ToUnixTimeTicks());
            AddLease(renew, claim.Lease, now);
            return renew.ExecuteNonQuery() == 1 ? claim with { Lease = renewed } : null;
        }, cancellationToken);
    }
}
