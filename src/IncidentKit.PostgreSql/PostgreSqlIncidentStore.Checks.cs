using System.Globalization;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql;

// Checks that belong to no incident (heartbeat deadlines) are rows of due_work keyed by the check's id; the same lease columns,
// token sequence, database clock and fenced statements serve them.
public sealed partial class PostgreSqlIncidentStore : IDueCheckStore
{
    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask ScheduleCheckAsync(TenantId tenant, IncidentId check, DueWork due, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckSchedule(check, due);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);

        // The append's own plan: another instant or kind drops the lease, so the old holder can no longer complete it.
        using var plan = _dataSource.CreateCommand(PlanDueSql);
        plan.Parameters.AddWithValue("tenant", tenant.Value);
        plan.Parameters.AddWithValue("incident", check.Value);
        AddDue(plan.Parameters, due);
        await plan.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was claimed.</exception>
    public async ValueTask<IReadOnlyList<ClaimedDueWork>> ClaimChecksAsync(DueWorkKind kind, string owner, Duration leaseDuration, int maxItems, CancellationToken cancellationToken = default)
    {
        StoreContract.CheckClaimChecks(kind, owner, leaseDuration, maxItems);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        return await ClaimAsync(string.Create(CultureInfo.InvariantCulture, $"kind = {(int)kind}"), owner, leaseDuration, maxItems, cancellationToken).ConfigureAwait(false);
    }
}
