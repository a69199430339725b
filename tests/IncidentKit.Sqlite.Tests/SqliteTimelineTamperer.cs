using IncidentKit.Incidents;
using IncidentKit.Storage.Conformance;
using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite.Tests;

// Edits a store's database file with plain SQL on its own connection, as someone with access to the file could.
internal sealed class SqliteTimelineTamperer(string path) : ITimelineTamperer
{
    public async Task EditEventAsync(TenantId tenant, IncidentId incident, long version, Func<string, string> edit)
    {
        await using var connection = Open();
        using var read = Command(connection, "SELECT data FROM events WHERE tenant = $tenant AND incident = $incident AND version = $version;", tenant, incident);
        read.Parameters.AddWithValue("$version", version);
        var data = (string)(await read.ExecuteScalarAsync())!;
        using var update = Command(connection, "UPDATE events SET data = $data WHERE tenant = $tenant AND incident = $incident AND version = $version;", tenant, incident);
        update.Parameters.AddWithValue("$version", version);
        update.Parameters.AddWithValue("$data", edit(data));
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    public Task DeleteEventAsync(TenantId tenant, IncidentId incident, long version) =>
        ExecuteAsync($"DELETE FROM events WHERE tenant = $tenant AND incident = $incident AND version = {version};", tenant, incident);

    public Task SwapEventsAsync(TenantId tenant, IncidentId incident, long first, long second) =>
        ExecuteAsync($"""
            UPDATE events SET version = 1000000 WHERE tenant = $tenant AND incident = $incident AND version = {first};
            UPDATE events SET version = {first} WHERE tenant = $tenant AND incident = $incident AND version = {second};
            UPDATE events SET version = {second} WHERE tenant = $tenant AND incident = $incident AND version = 1000000;
            """, tenant, incident);

    public Task ClearHashesAsync(TenantId tenant, IncidentId incident, long fromVersion, long throughVersion) =>
        ExecuteAsync($"UPDATE events SET prev_hash = NULL, hash = NULL WHERE tenant = $tenant AND incident = $incident AND version BETWEEN {fromVersion} AND {throughVersion};", tenant, incident);

    private async Task ExecuteAsync(string sql, TenantId tenant, IncidentId incident)
    {
        await using var connection = Open();
        using var command = Command(connection, sql, tenant, incident);
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, TenantId tenant, IncidentId incident)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", tenant.Value);
        command.Parameters.AddWithValue("$incident", incident.Value.ToString("N"));
        return command;
    }
}
