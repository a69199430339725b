using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Sqlite.Tests;

public sealed class SqliteStoreOptionsTests(SqliteStoreFixture fixture)
{
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 15, 10, 0));

    [Fact]
    public void Constructor_FolderOfTheFileMissing_ThrowsNamingThePathAndFolder()
    {
        var folder = Path.Combine(Path.GetDirectoryName(fixture.NewDatabasePath())!, "no-such-folder-" + Guid.NewGuid().ToString("N"));
        var path = Path.Combine(folder, "incidents.db");

        var error = Assert.Throws<ArgumentException>(() => new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, _clock));

        Assert.Equal("options", error.ParamName);
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"folder '{folder}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task Constructor_FolderExists_OpensAndCreatesTheFile()
    {
        var path = fixture.NewDatabasePath();
        using var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={path}" }, _clock);

        await store.MigrateAsync(TestContext.Current.CancellationToken);

        Assert.True(File.Exists(path));
    }
}
