using Npgsql;

namespace IncidentKit.AspNetCore.Tests.Support;

/// <summary>A throwaway database on the server named by INCIDENTKIT_POSTGRES, dropped on dispose.</summary>
/// <remarks>Without the variable the test skips locally and fails under CI (CI=true), where a server must be running.</remarks>
internal sealed class PostgreSqlTestDatabase : IAsyncDisposable
{
    private const string Variable = "INCIDENTKIT_POSTGRES";
    private readonly string _server;
    private readonly string _name;

    private PostgreSqlTestDatabase(string server, string name, string connectionString) =>
        (_server, _name, ConnectionString) = (server, name, connectionString);

    public string ConnectionString { get; }

    public static async Task<PostgreSqlTestDatabase> CreateAsync(string purpose, CancellationToken cancellationToken)
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(server))
        {
            var message = $"The PostgreSQL {purpose} test needs a server: set {Variable} (e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres').";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI must run the PostgreSQL tests against a real server. " + message);
            }

            Assert.Skip(message);
        }

        var name = $"incidentkit_{purpose}_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PostgreSqlTestDatabase(server, name, new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 20 }.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync(CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE);", admin);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
