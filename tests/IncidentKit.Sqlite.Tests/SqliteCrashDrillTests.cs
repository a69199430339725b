using System.Diagnostics;
using System.Reflection;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace IncidentKit.Sqlite.Tests;

// Drill 6: a child process appends to SQLite and is killed with SIGKILL mid-stream; every append it acknowledged must be
// there on reopen, and the file must pass integrity_check.
public sealed class SqliteCrashDrillTests(SqliteStoreFixture fixture)
{
    private const int AcknowledgementsBeforeKill = 300;

    [Fact]
    public async Task Drill6_ChildKilledMidStream_KeepsEveryAcknowledgedAppend()
    {
        var path = fixture.NewDatabasePath();
        var acknowledged = await RunChildUntilKilledAsync(path);

        Assert.True(acknowledged.Count >= AcknowledgementsBeforeKill, $"only {acknowledged.Count} acknowledgements before the child stopped");
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, SystemClock.Instance);
        foreach (var (incident, version) in acknowledged.GroupBy(a => a.Incident).Select(g => (g.Key, g.Max(a => a.Version))))
        {
            var history = await store.ReadAsync(TenantId.Default, incident, 0, TestContext.Current.CancellationToken);
            Assert.True(history.Version >= version, $"incident {incident} acknowledged v{version} but holds v{history.Version}");
            Assert.Equal(history.Version, history.Events.Count);
            Assert.IsType<IncidentOpened>(history.Events[0]);
            Assert.Equal(history.Version, Incident.FromHistory(history.Events).Version);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged appends survived SIGKILL.");
    }

    private static async Task<List<(IncidentId Incident, long Version)>> RunChildUntilKilledAsync(string databasePath)
    {
        var child = typeof(SqliteCrashDrillTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashDrillPath").Value!;
        Assert.True(File.Exists(child), $"the crash drill child is not built at {child}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(child);
        start.ArgumentList.Add(databasePath);
        using var process = Process.Start(start)!;
        var acknowledged = new List<(IncidentId, long)>();
        try
        {
            while (acknowledged.Count < AcknowledgementsBeforeKill
                && await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
            {
                var parts = line.Split(' ');
                acknowledged.Add((new IncidentId(Guid.ParseExact(parts[0], "N")), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix: no flush, no finaliser, no clean close
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        // Lines written after the last one read were acknowledged too: read what the pipe still holds.
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line && line.Split(' ') is [var id, var version])
        {
            acknowledged.Add((new IncidentId(Guid.ParseExact(id, "N")), long.Parse(version, System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.True(acknowledged.Count > 0, "the child acknowledged nothing: " + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        return acknowledged;
    }
}
