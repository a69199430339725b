using IncidentKit.Incidents;
using IncidentKit.Storage.Conformance;
using Npgsql;

namespace IncidentKit.PostgreSql.Tests;

// Edits a store's schema with plain SQL, as someone with database access could.
internal sealed class PostgreSqlTimelineTamperer(NpgsqlDataSource dataSource, string schema) : ITimelineTamperer
{
    public async Task EditEventAsync(TenantId tenant, IncidentId incident, long version, Func<string, string> edit)
    {
        await using var read = Command($"SELECT data::text FROM {schema}.events WHERE tenant = @tenant AND incident = @incident AND version = {version};", tenant, incident);
        var data = (string)(await read.ExecuteScalarAsync())!;
        await using var update = Command($"UPDATE {schema}.events SET data = @data::jsonb WHERE tenant = @tenant AND incident = @incident AND version = {version};", tenant, incident);
        update.Parameters.AddWithValue("data", edit(data));
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    public Task DeleteEventAsync(TenantId tenant, IncidentId incident, long version) =>
        ExecuteAsync($"DELETE FROM {schema}.events WHERE tenant = @tenant AND incident = @incident AND version = {version};", tenant, incident);

    public Task SwapEventsAsync(TenantId tenant, IncidentId incident, long first, long second) =>
        ExecuteAsync($"""
            UPDATE {schema}.events SET version = 1000000 WHERE tenant = @tenant AND incident = @incident AND version = {first};
            UPDATE {schema}.events SET version = {first} WHERE tenant = @tenant AND incident = @incident AND version = {second};
            UPDATE {schema}.events SET version = {second} WHERE tenant = @tenant AND incident = @incident AND version = 1000000;
            """, tenant, incident);

    public Task ClearHashesAsync(TenantId tenant, IncidentId incident, long fromVersion, long throughVersion) =>
        ExecuteAsync($"UPDATE {schema}.events SET prev_hash = NULL, hash = NULL WHERE tenant = @tenant AND incident = @incident AND version BETWEEN {fromVersion} AND {throughVersion};", tenant, incident);

    private async Task ExecuteAsync(string sql, TenantId tenant, IncidentId incident)
    {
        await using var command = Command(sql, tenant, incident);
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }

    private NpgsqlCommand Command(string sql, TenantId tenant, IncidentId incident)
    {
        var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("tenant", tenant.Value);
        command.Parameters.AddWithValue("incident", incident.Value);
        return command;
    }
}
