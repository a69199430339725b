using Npgsql;

namespace IncidentKit.PostgreSql;

// The hot statements (append, read, list) run prepared, whatever the host's data source says about automatic preparation:
// PostgreSQL then parses and plans each statement text once per connection instead of on every call. Measured with the load
// generator (benchmarks/RESULTS.md), unprepared parsing and planning were about 40 % of the database's CPU per append and a
// third per list. Npgsql keeps a connection's prepared statements across pool rentals and prepares a text it has already
// prepared on that connection without a round trip, so only a connection's first use of a text pays one.
public sealed partial class PostgreSqlIncidentStore
{
    // Opens a pooled connection and prepares the command (its parameters already added) on it; the caller disposes both.
    private async Task<NpgsqlConnection> OpenPreparedAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            command.Connection = connection;
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
