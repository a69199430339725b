using System.Diagnostics;
using Npgsql;

namespace IncidentKit.Hosting.Tests;

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
            PostgreSqlSkip.Now($"The PostgreSQL {purpose} test");
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

/// <summary>Skips (locally) or fails (under CI) a test that needs the PostgreSQL server named by INCIDENTKIT_POSTGRES.</summary>
/// <remarks>The hint to set the variable is given once per <c>dotnet test</c> run: by the first skipped test of the run (test
/// assemblies started by one run share a marker file named after that process); every other test skips with a short reason.</remarks>
internal static class PostgreSqlSkip
{
    public const string Variable = "INCIDENTKIT_POSTGRES";

    private static int s_hinted;

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Now(string what)
    {
        var hint = $"PostgreSQL tests need a server: set {Variable} to a connection string (e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres'); `bash .ci/run` starts a throwaway one.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI must run the PostgreSQL tests against a real server ({what}). {hint}");
        }

        Assert.Skip(FirstInRun() ? hint : $"no PostgreSQL server ({Variable} is not set; the hint is on the first skipped PostgreSQL test of this run).");
        throw new UnreachableException();
    }

    private static bool FirstInRun()
    {
        if (Interlocked.Exchange(ref s_hinted, 1) == 1)
        {
            return false;
        }

        // The test assemblies of one `dotnet test` run are child processes of the same parent; a marker older than an hour is
        // from an earlier run whose parent had the same id.
        if (!File.Exists("/proc/self/stat"))
        {
            return true;
        }

        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
            var marker = Path.Combine(Path.GetTempPath(), $"incidentkit-postgres-hint-{parent}");
            if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) < DateTime.UtcNow.AddHours(-1))
            {
                File.Delete(marker);
            }

            using var created = new FileStream(marker, FileMode.CreateNew, FileAccess.Write);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
