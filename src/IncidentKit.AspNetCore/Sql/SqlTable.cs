using System.Data.Common;

namespace IncidentKit.AspNetCore.Sql;

// One table of a SQL store: created on first use (CREATE ... IF NOT EXISTS, so racing first requests may both run it), and
// commands over it with the dialect's parameter markers. The SQL text is the stores' own; values are always parameters.
internal sealed class SqlTable(SqlDialect dialect, Func<SqlDialect, string> createSql)
{
    private volatile bool _ready;

    public SqlDialect Dialect { get; } = dialect;

    // "{p}" in a statement stands for the dialect's parameter marker.
    public string Sql(string statement) => statement.Replace("{p}", Dialect.Marker.ToString(), StringComparison.Ordinal);

    public async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = await Dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (_ready)
        {
            return connection;
        }

        try
        {
            using var create = Command(connection, createSql(Dialect));
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _ready = true;
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is the stores' own text; values are parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = Dialect.ParameterName(name);
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }

        return command;
    }
}
