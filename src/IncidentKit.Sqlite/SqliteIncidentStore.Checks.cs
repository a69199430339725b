using System.Globalization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

// Checks that belong to no incident (heartbeat deadlines) are rows of due_work keyed by the check's id; the same lease columns,
// token counter and fenced statements serve them.
public sealed partial class SqliteIncidentStore : IDueCheckStore
{
    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask ScheduleCheckAsync(TenantId tenant, IncidentId check, DueWork due, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckSchedule(check, due);

        // The append's own plan statement: another instant or kind drops the lease, so the old holder can no longer complete it.
        await WriteAsync(_ =>
        {
            SqliteWriterStatements.Bind(_statements!.PlanDue, tenant.Value, Key(check), due.DueAt.ToUnixTimeTicks(), (int)due.Kind);
            return _statements.PlanDue.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimChecksAsync(DueWorkKind kind, string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaimChecks(kind, owner, leaseDuration, maxItems);
        var sql = string.Create(CultureInfo.InvariantCulture, $"""
            UPDATE due_work SET lease_owner = $owner, lease_token = $token, lease_expires = $expires
            WHERE rowid IN (
                SELECT rowid FROM due_work
                WHERE due_at <= $now AND (lease_expires IS NULL OR lease_expires <= $now) AND kind = {(int)kind}
                ORDER BY due_at LIMIT $max)
            RETURNING tenant, incident, due_at, kind;
            """);
        return await WriteAsync<IReadOnlyList<ClaimedDueWork>>(connection => Claim(connection, sql, owner, _clock.GetCurrentInstant(), leaseDuration, maxItems, ReadClaim)
            .OrderBy(c => c.Due.DueAt).ToList(), cancellationToken).ConfigureAwait(false);
    }
}
