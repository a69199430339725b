using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql;

public sealed partial class PostgreSqlIncidentStore
{
    /// <inheritdoc />
    /// <remarks>The new expiry is counted from the database clock (<c>now()</c>), like the claim's, so nodes' clocks do not matter.</remarks>
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<ClaimedDueWork?> RenewDueAsync(ClaimedDueWork claim, Duration leaseDuration, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckRenewal(claim, leaseDuration);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var renew = _dataSource.CreateCommand($"""
            UPDATE {_schema}.due_work SET lease_expires = {_now} + @lease
            WHERE tenant = @tenant AND incident = @incident AND due_ticks = @dueTicks AND kind = @kind
              AND lease_token = @token AND lease_owner = @owner AND lease_expires > {_now}
            RETURNING lease_expires;
            """);
        renew.Parameters.AddWithValue("tenant", claim.Tenant.Value);
        renew.Parameters.AddWithValue("incident", claim.Incident.Value);
        renew.Parameters.AddWithValue("dueTicks", claim.Due.DueAt.ToUnixTimeTicks());
        renew.Parameters.AddWithValue("kind", (int)claim.Due.Kind);
        renew.Parameters.AddWithValue("lease", leaseDuration.ToTimeSpan());
        AddLease(renew, claim.Lease);
        var expires = await renew.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return expires is DateTime at ? claim with { Lease = claim.Lease with { ExpiresAt = Instant.FromDateTimeUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc)) } } : null;
    }
}
