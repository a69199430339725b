using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

public sealed partial class SqliteIncidentStore
{
    /// <inheritdoc />
    public async ValueTask<DueWork?> FindDueOrNullAsync(TenantId tenant, IncidentId incident, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var find = Command(connection, "SELECT due_at, kind FROM due_work WHERE tenant = $tenant AND incident = $incident;");
        find.Parameters.AddWithValue("$tenant", tenant.Value);
        find.Parameters.AddWithValue("$incident", Key(incident));
        using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DueWork(Instant.FromUnixTimeTicks(reader.GetInt64(0)), (DueWorkKind)reader.GetInt32(1))
            : null;
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimDueAsync(string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaim(owner, leaseDuration, maxItems);
        return await WriteAsync<IReadOnlyList<ClaimedDueWork>>(connection => Claim(connection, """
                UPDATE due_work SET lease_owner = $owner, lease_token = $token, lease_expires = $expires
                WHERE rowid IN (
                    SELECT rowid FROM due_work
                    WHERE due_at <= $now AND (lease_expires IS NULL OR lease_expires <= $now) AND kind <> 5
                    ORDER BY due_at LIMIT $max)
                RETURNING tenant, incident, due_at, kind;
                """, owner, _clock.GetCurrentInstant(), leaseDuration, maxItems, ReadClaim)
                .OrderBy(c => c.Due.DueAt).ToList(), cancellationToken).ConfigureAwait(false);
    }

    // kind 5 (DueWorkKind.HeartbeatCheck) is a check that belongs to no incident: claimed by ClaimChecksAsync only.
    private static ClaimedDueWork ReadClaim(SqliteDataReader reader, WorkLease lease) => new(
        new TenantId(reader.GetString(0)), new IncidentId(Guid.ParseExact(reader.GetString(1), "N")),
        new DueWork(Instant.FromUnixTimeTicks(reader.GetInt64(2)), (DueWorkKind)reader.GetInt32(3)), lease);

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public ValueTask<bool> CompleteDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return FencedAsync("DELETE FROM due_work WHERE tenant = $tenant AND incident = $incident AND " + HeldBy, claim, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public ValueTask<bool> ReleaseDueAsync(ClaimedDueWork claim, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(claim);
        return FencedAsync(
            "UPDATE due_work SET lease_owner = NULL, lease_token = NULL, lease_expires = NULL WHERE tenant = $tenant AND incident = $incident AND " + HeldBy,
            claim, cancellationToken);
    }

    private const string HeldBy = "lease_token = $token AND lease_owner = $owner AND lease_expires > $now;";

    private ValueTask<bool> FencedAsync(string sql, ClaimedDueWork claim, CancellationToken cancellationToken) =>
        WriteAsync(connection =>
        {
            using var command = Command(connection, sql);
            command.Parameters.AddWithValue("$tenant", claim.Tenant.Value);
            command.Parameters.AddWithValue("$incident", Key(claim.Incident));
            AddLease(command, claim.Lease, _clock.GetCurrentInstant());
            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);

    private static void AddLease(SqliteCommand command, WorkLease lease, Instant now)
    {
        command.Parameters.AddWithValue("$token", lease.Token);
        command.Parameters.AddWithValue("$owner", lease.Owner);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
    }

    // Runs inside the group transaction. The fencing token is the next value of a counter that only grows; it is bumped only
    // when something was claimed, so an idle poll writes nothing.
    private static List<T> Claim<T>(SqliteConnection connection, string sql, string owner, Instant now, Duration leaseDuration, int maxItems,
        Func<SqliteDataReader, WorkLease, T> read)
    {
        long token;
        using (var next = Command(connection, "SELECT value + 1 FROM counters WHERE name = 'lease_token';"))
        {
            token = (long)next.ExecuteScalar()!;
        }

        var lease = new WorkLease(owner, token, now + leaseDuration);
        var claimed = new List<T>();
        using (var claim = Command(connection, sql))
        {
            claim.Parameters.AddWithValue("$owner", owner);
            claim.Parameters.AddWithValue("$token", token);
            claim.Parameters.AddWithValue("$expires", lease.ExpiresAt.ToUnixTimeTicks());
            claim.Parameters.AddWithValue("$now", now.ToUnixTimeTicks());
            claim.Parameters.AddWithValue("$max", maxItems);
            using var reader = claim.ExecuteReader();
            while (reader.Read())
            {
                claimed.Add(read(reader, lease));
            }
        }

        if (claimed.Count > 0)
        {
            SqliteSchema.Execute(connection, "UPDATE counters SET value = value + 1 WHERE name = 'lease_token';");
        }

        return claimed;
    }
}
