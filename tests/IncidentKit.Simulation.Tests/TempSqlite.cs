using IncidentKit.Sqlite;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Simulation.Tests;

// A real SQLite store in a throwaway file, deleted with the test.
internal sealed class TempSqlite : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("incidentkit-sim-").FullName;

    public TempSqlite()
    {
        Store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "incidents.db")};Pooling=False" },
            new FakeClock(Instant.FromUtc(2026, 4, 1, 0, 0)));
    }

    public SqliteIncidentStore Store { get; }

    public void Dispose()
    {
        Store.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the OS for a moment; the temp directory is cleaned by the system later.
        }
    }
}
