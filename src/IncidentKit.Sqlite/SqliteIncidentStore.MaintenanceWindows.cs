using Ardalis.GuardClauses;
using IncidentKit.Alerts;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite;

// Maintenance windows and their audit trail: each change writes the window row and its audit row in one savepoint of the
// group-committing writer, so both are stored or neither.
public sealed partial class SqliteIncidentStore : IMaintenanceWindowStore
{
    private const string WindowColumns = "definition, created_at, expired_at";

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> AddMaintenanceWindowAsync(MaintenanceWindow window, Instant createdAt, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(window);
        var definition = MaintenanceWindowSerializer.Serialize(window);
        return await WriteAsync(connection =>
        {
            using var add = Command(connection, """
                INSERT INTO maintenance_windows (tenant, id, definition, created_at) VALUES ($tenant, $id, $definition, $at) ON CONFLICT DO NOTHING;
                """);
            add.Parameters.AddWithValue("$tenant", window.Tenant.Value);
            add.Parameters.AddWithValue("$id", window.Id);
            add.Parameters.AddWithValue("$definition", definition);
            add.Parameters.AddWithValue("$at", createdAt.ToUnixTimeTicks());
            if (add.ExecuteNonQuery() != 1)
            {
                return false;
            }

            Audit(connection, new MaintenanceWindowAudit(window.Tenant, window.Id, MaintenanceWindowChange.Created, createdAt, window.CreatedBy, window.Reason));
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database failed (for example it stayed busy longer than the busy timeout).</exception>
    public async ValueTask<bool> EndMaintenanceWindowAsync(MaintenanceWindowAudit change, CancellationToken cancellationToken = default)
    {
        AlertStoreContract.CheckEnd(change);
        return await WriteAsync(connection =>
        {
            using var end = Command(connection, change.Change == MaintenanceWindowChange.Expired
                ? "UPDATE maintenance_windows SET expired_at = $at WHERE tenant = $tenant AND id = $id AND expired_at IS NULL;"
                : "DELETE FROM maintenance_windows WHERE tenant = $tenant AND id = $id;");
            end.Parameters.AddWithValue("$tenant", change.Tenant.Value);
            end.Parameters.AddWithValue("$id", change.WindowId);
            end.Parameters.AddWithValue("$at", change.At.ToUnixTimeTicks());
            if (end.ExecuteNonQuery() != 1)
            {
                return false;
            }

            Audit(connection, change);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListMaintenanceWindowsAsync(TenantId tenant, CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, $"SELECT {WindowColumns} FROM maintenance_windows WHERE tenant = $tenant ORDER BY id;");
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        return await ReadWindowsAsync(list, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredMaintenanceWindow>> ListLiveMaintenanceWindowsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, $"SELECT {WindowColumns} FROM maintenance_windows WHERE expired_at IS NULL ORDER BY tenant, id;");
        return await ReadWindowsAsync(list, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<MaintenanceWindowAudit>> ListMaintenanceWindowAuditAsync(TenantId tenant, int maxItems = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(maxItems, nameof(maxItems), 1, 10_000);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var list = Command(connection, """
            SELECT window_id, change, at, actor, reason FROM maintenance_window_audit WHERE tenant = $tenant ORDER BY seq LIMIT $max;
            """);
        list.Parameters.AddWithValue("$tenant", tenant.Value);
        list.Parameters.AddWithValue("$max", maxItems);
        var result = new List<MaintenanceWindowAudit>();
        using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new MaintenanceWindowAudit(tenant, reader.GetString(0), (MaintenanceWindowChange)reader.GetInt32(1), Instant.FromUnixTimeTicks(reader.GetInt64(2)),
                new UserId(reader.GetString(3)), reader.GetString(4)));
        }

        return result;
    }

    private static void Audit(SqliteConnection connection, MaintenanceWindowAudit entry)
    {
        using var audit = Command(connection, """
            INSERT INTO maintenance_window_audit (tenant, window_id, change, at, actor, reason) VALUES ($tenant, $id, $change, $at, $actor, $reason);
            """);
        audit.Parameters.AddWithValue("$tenant", entry.Tenant.Value);
        audit.Parameters.AddWithValue("$id", entry.WindowId);
        audit.Parameters.AddWithValue("$change", (int)entry.Change);
        audit.Parameters.AddWithValue("$at", entry.At.ToUnixTimeTicks());
        audit.Parameters.AddWithValue("$actor", entry.Actor.Value);
        audit.Parameters.AddWithValue("$reason", entry.Reason);
        audit.ExecuteNonQuery();
    }

    private static async Task<IReadOnlyList<StoredMaintenanceWindow>> ReadWindowsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var result = new List<StoredMaintenanceWindow>();
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(new StoredMaintenanceWindow(MaintenanceWindowSerializer.Deserialize(reader.GetString(0)), Instant.FromUnixTimeTicks(reader.GetInt64(1)),
                reader.IsDBNull(2) ? null : Instant.FromUnixTimeTicks(reader.GetInt64(2))));
        }

        return result;
    }
}
