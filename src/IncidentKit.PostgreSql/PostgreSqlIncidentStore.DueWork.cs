using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql;

public sealed partial class PostgreSqlIncidentStore
{
    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<DueWork?> FindDueOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var find = _dataSource.CreateCommand($"SELECT due_ticks, kind FROM {_schema}.due_work WHERE tenant = @tenant AND incident = @incident;");
        find.Parameters.AddWithValue("tenant", tenant.Value);
        find.Parameters.AddWithValue("incident", incident.Value);
        var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DueWork(Instant.FromUnixTimeTicks(reader.GetInt64(0)), (DueWorkKind)reader.GetInt32(1))
            : null;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was claimed.</exception>
    public async ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimDueAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // One statement: pick due, unleased rows (skipping rows other claimers hold locked), stamp them with one new token. Kind 5
        // (DueWorkKind.HeartbeatCheck) belongs to no incident and is claimed by ClaimChecksAsync only.
        return await ClaimAsync("kind <> 5", owner, leaseDuration, maxItems, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ClaimedDueWork>> ClaimAsync(string kinds, string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken)
    {
        using var claim = _dataSource.CreateCommand($"""
            WITH picked AS (
                SELECT tenant, incident FROM {_schema}.due_work
                WHERE due_at <= {_now} AND (lease_expires IS NULL OR lease_expires <= {_now}) AND {kinds}
                ORDER BY due_at LIMIT @max
                FOR UPDATE SKIP LOCKED),
            token AS (SELECT nextval('{_schema}.lease_tokens') AS value)
            UPDATE {_schema}.due_work d SET lease_owner = @owner, lease_token = token.value, lease_expires = {_now} + @lease
            FROM picked, token
            WHERE d.tenant = picked.tenant AND d.incident = picked.incident
            RETURNING d.tenant, d.incident, d.due_ticks, d.kind, d.lease_token, d.lease_expires;
            """);
        claim.Parameters.AddWithValue("max", maxItems);
        claim.Parameters.AddWithValue("owner", owner);
        claim.Parameters.AddWithValue("lease", leaseDuration.ToTimeSpan());
        AddNow(claim);
        var claimed = new List<ClaimedDueWork>();
        var reader = await claim.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                claimed.Add(new ClaimedDueWork(
                    new TenantId(reader.GetString(0)), new IncidentId(reader.GetGuid(1)),
                    new DueWork(Instant.FromUnixTimeTicks(reader.GetInt64(2)), (DueWorkKind)reader.GetInt32(3)),
                    new WorkLease(owner, reader.GetInt64(4), ReadInstant(reader, 5))));
            }
        }

        claimed.Sort((x, y) => x.Due.DueAt.CompareTo(y.Due.DueAt));
        return claimed;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public ValueTask<bool> CompleteDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return FencedDueAsync($"DELETE FROM {_schema}.due_work WHERE tenant = @tenant AND incident = @incident AND {HeldBy}", claim, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public ValueTask<bool> ReleaseDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return FencedDueAsync(
            $"UPDATE {_schema}.due_work SET lease_owner = NULL, lease_token = NULL, lease_expires = NULL WHERE tenant = @tenant AND incident = @incident AND {HeldBy}",
            claim, cancellationToken);
    }

    private string HeldBy => $"lease_token = @token AND lease_owner = @owner AND lease_expires > {_now};";

    private async ValueTask<bool> FencedDueAsync(string sql, ClaimedDueWork claim, CancellationToken cancellationToken)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("tenant", claim.Tenant.Value);
        command.Parameters.AddWithValue("incident", claim.Incident.Value);
        AddLease(command, claim.Lease);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private void AddLease(NpgsqlCommand command, WorkLease lease)
    {
        command.Parameters.AddWithValue("token", lease.Token);
        command.Parameters.AddWithValue("owner", lease.Owner);
        AddNow(command);
    }
}
