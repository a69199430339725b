using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

/// <summary>Configures a <see cref="SqliteIncidentStore"/>: which database file, and how long to wait for a busy database.</summary>
/// <remarks>Validated once, when the store is created.</remarks>
/// <threadsafety>Instances are mutable and not thread-safe; configure one before creating the store and leave it alone after.</threadsafety>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the Microsoft.Data.Sqlite connection string; its data source must be a file (not <c>:memory:</c>).</summary>
    /// <value>The default value is <c>Data Source=incidents.db</c>.</value>
    public string ConnectionString { get; set; } = "Data Source=incidents.db";

    /// <summary>Gets or sets how long an operation waits for another process's write lock before failing with <c>SQLITE_BUSY</c>.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal string Validate()
    {
        var problems = new List<string>();
        SqliteConnectionStringBuilder? builder = null;
        try
        {
            builder = new SqliteConnectionStringBuilder(ConnectionString);
        }
        catch (ArgumentException e)
        {
            problems.Add($"{nameof(ConnectionString)} is not a SQLite connection string: {e.Message}");
        }

        if (builder is not null && (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory))
        {
            problems.Add($"{nameof(ConnectionString)} must name a database file; an in-memory SQLite database is private to one connection (use InMemoryIncidentStore instead).");
        }

        if (BusyTimeout < TimeSpan.FromMilliseconds(1) || BusyTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{nameof(BusyTimeout)} must be 1 ms to 10 minutes, not {BusyTimeout}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid SQLite store options: " + string.Join(" ", problems), "options");
        }

        builder!.Pooling = true;
        builder.ForeignKeys = true;
        builder.DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds);
        return builder.ToString();
    }
}
