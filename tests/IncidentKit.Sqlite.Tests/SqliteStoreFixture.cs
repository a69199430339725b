using IncidentKit.Storage.Conformance;
using NodaTime;

namespace IncidentKit.Sqlite.Tests;

// One temporary directory per test run; each store gets its own database file in it.
public sealed class SqliteStoreFixture : ITamperableStoreFixture, IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("incidentkit-sqlite-tests-").FullName;

    public string NewDatabasePath() => Path.Combine(Directory, $"{Guid.NewGuid():N}.db");

    public ValueTask<StoreUnderTest> CreateStoreAsync(IClock clock) => CreateStoreAsync(clock, NewDatabasePath());

    public async ValueTask<(StoreUnderTest Store, ITimelineTamperer Tamperer)> CreateTamperableStoreAsync(IClock clock)
    {
        var path = NewDatabasePath();
        return (await CreateStoreAsync(clock, path), new SqliteTimelineTamperer(path));
    }

    private ValueTask<StoreUnderTest> CreateStoreAsync(IClock clock, string path)
    {
        var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, clock);
        return ValueTask.FromResult(StoreUnderTest.Of(store, () =>
        {
            store.Dispose();
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        }));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
