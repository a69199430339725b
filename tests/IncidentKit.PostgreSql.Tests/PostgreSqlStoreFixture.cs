using IncidentKit.Storage.Conformance;
using Npgsql;
using NodaTime;

namespace IncidentKit.PostgreSql.Tests;

// One database per test run (created from INCIDENTKIT_POSTGRES, dropped at the end); one schema per store.
// Without the variable the tests skip locally and FAIL under CI (CI=true), so a missing server is never a green build.
public sealed class PostgreSqlStoreFixture : ITamperableStoreFixture, IAsyncLifetime
{
    public const string Variable = "INCIDENTKIT_POSTGRES";

    private string? _serverConnectionString;
    private string? _database;

    public NpgsqlDataSource? DataSource { get; private set; }

    public string ConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(_serverConnectionString))
        {
            return;
        }

        _database = $"incidentkit_tests_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(_serverConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database};", server);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _database, MaxPoolSize = 40 }.ToString();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    // Skips (locally) or fails (CI) the calling test when no server is configured.
    public NpgsqlDataSource RequireDatabase()
    {
        if (DataSource is not null)
        {
            return DataSource;
        }

        IncidentKit.Hosting.Tests.PostgreSqlSkip.Now("the PostgreSQL store tests");
        return null!;
    }

    public async ValueTask<StoreUnderTest> CreateStoreAsync(IClock clock)
    {
        var (store, schema) = await CreatePostgreSqlStoreAsync(clock);
        return StoreUnderTest.Of(store, () => DropSchemaAsync(schema));
    }

    public async ValueTask<(StoreUnderTest Store, ITimelineTamperer Tamperer)> CreateTamperableStoreAsync(IClock clock)
    {
        var (store, schema) = await CreatePostgreSqlStoreAsync(clock);
        return (StoreUnderTest.Of(store, () => DropSchemaAsync(schema)), new PostgreSqlTimelineTamperer(RequireDatabase(), schema));
    }

    public async Task<(PostgreSqlIncidentStore Store, string Schema)> CreatePostgreSqlStoreAsync(IClock? clock, NpgsqlDataSource? dataSource = null)
    {
        var schema = $"t_{Guid.NewGuid():N}";
        var store = new PostgreSqlIncidentStore(dataSource ?? RequireDatabase(), new PostgreSqlStoreOptions { Schema = schema, TestClock = clock });
        await store.MigrateAsync();
        return (store, schema);
    }

    public async ValueTask DropSchemaAsync(string schema)
    {
        await using var drop = RequireDatabase().CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE;");
        await drop.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is null)
        {
            return;
        }

        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_serverConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE);", server);
        await drop.ExecuteNonQueryAsync();
    }
}
