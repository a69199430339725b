using Ardalis.GuardClauses;
using IncidentKit.Alerts;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql;

// Maintenance windows and their audit trail: each change is one statement (a data-modifying CTE feeding the audit insert), so
// the window row and its audit row are stored together or not at all.
public sealed partial class PostgreSqlIncidentStore : IMaintenanceWindowStore
{
    private const string WindowColumns = "definition, created_ticks, expired_ticks";

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was written.</exception>
    public async ValueTask<bool> AddMaintenanceWindowAsync(MaintenanceWindow window, Instant createdAt, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(window);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var add = _dataSource.CreateCommand($"""
            WITH added AS (
                INSERT INTO {_schema}.maintenance_windows (tenant, id, definition, created_ticks) VALUES (@tenant, @id, @definition, @at)
                ON CONFLICT DO NOTHING RETURNING tenant, id)
            INSERT INTO {_schema}.maintenance_window_audit (tenant, window_id, change, at_ticks, actor, reason)
            SELECT tenant, id, 0, @at, @actor, @reason FROM added;
            """);
        add.Parameters.AddWithValue("tenant", window.Tenant.Value);
        add.Parameters.AddWithValue("id", window.Id);
        add.Parameters.AddWithValue("definition", MaintenanceWindowSerializer.Serialize(window));
        add.Parameters.AddWithValue("at", createdAt.ToUnixTimeTicks());
        add.Parameters.AddWithValue("actor", window.CreatedBy.Value);
        add.Parameters.AddWithValue("reason", window.Reason);
        return await add.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke; nothing was written.</exception>
    public async ValueTask<bool> EndMaintenanceWindowAsync(MaintenanceWindowAudit change, CancellationToken cancellationToken = default)
    {
        AlertStoreContract.CheckEnd(change);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        var end = change.Change == MaintenanceWindowChange.Expired
            ? $"UPDATE {_schema}.maintenance_windows SET expired_ticks = @at WHERE tenant = @tenant AND id = @id AND expired_ticks IS NULL RETURNING tenant, id"
            : $"DELETE FROM {_schema}.maintenance_windows WHERE tenant = @tenant AND id = @id RETURNING tenant, id";
        using var command = _dataSource.CreateCommand($"""
            WITH ended AS ({end})
            INSERT INTO {_schema}.maintenance_window_audit (tenant, window_id, change, at_ticks, actor, reason)
            SELECT tenant, id, @change, @at, @actor, @reason FROM ended;
            """);
        command.Parameters.AddWithValue("tenant", change.Tenant.Value);
        command.Parameters.AddWithValue("id", change.WindowId);
        command.Parameters.AddWithValue("change", (int)change.Change);
        command.Parameters.AddWithValue("at", change.At.ToUnixTimeTicks());
        command.Parameters.AddWithValue("actor", change.Actor.Value);
        command.Parameters.AddWithValue("reason", change.Reason);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListMaintenanceWindowsAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"SELECT {WindowColumns} FROM {_schema}.maintenance_windows WHERE tenant = @tenant ORDER BY id COLLATE \"C\";");
        list.Parameters.AddWithValue("tenant", tenant.Value);
        return await ReadAllAsync(list, ReadWindow, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListLiveMaintenanceWindowsAsync(CancellationToken cancellationToken = default)
    {
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand(
            $"SELECT {WindowColumns} FROM {_schema}.maintenance_windows WHERE expired_ticks IS NULL ORDER BY tenant COLLATE \"C\", id COLLATE \"C\";");
        return await ReadAllAsync(list, ReadWindow, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="NpgsqlException">The database failed or the connection broke.</exception>
    public async ValueTask<IReadOnlyList<MaintenanceWindowAudit>> ListMaintenanceWindowAuditAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 10_000);
        await MigrateAsync(cancellationToken).ConfigureAwait(false);
        using var list = _dataSource.CreateCommand($"""
            SELECT window_id, change, at_ticks, actor, reason FROM {_schema}.maintenance_window_audit WHERE tenant = @tenant ORDER BY seq LIMIT @max;
            """);
        list.Parameters.AddWithValue("tenant", tenant.Value);
        list.Parameters.AddWithValue("max", maxItems);
        return await ReadAllAsync(list, r => new MaintenanceWindowAudit(tenant, r.GetString(0), (MaintenanceWindowChange)r.GetInt32(1),
            Instant.FromUnixTimeTicks(r.GetInt64(2)), new UserId(r.GetString(3)), r.GetString(4)), cancellationToken).ConfigureAwait(false);
    }

    private static StoredMaintenanceWindow ReadWindow(NpgsqlDataReader reader) =>
        new(MaintenanceWindowSerializer.Deserialize(reader.GetString(0)), Instant.FromUnixTimeTicks(reader.GetInt64(1)),
            reader.IsDBNull(2) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(2)));
}
