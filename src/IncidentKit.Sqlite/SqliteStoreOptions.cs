using Microsoft.Data.Sqlite;

namespace IncidentKit.Sqlite;

/// <summary>Configures a <see cref="SqliteIncidentStore"/>: which database file, and how long to wait for a busy database.</summary>
/// <remarks>Validated once, when the store is created.</remarks>
/// <threadsafety>Instances are mutable and not thread-safe; configure one before creating the store and leave it alone after.</threadsafety>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the Microsoft.Data.Sqlite connection string; its data source must be a file (not <c>:memory:</c>) in a
    /// folder that exists when the store is created (SQLite creates the file, not the folder).</summary>
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

        else if (builder is not null && FolderProblem(builder.DataSource) is { } folder)
        {
            problems.Add(folder);
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

    // SQLite creates a missing database file but not its folder, and then fails on first use with "unable to open database
    // file", naming no path. Say which folder is missing when the store is created instead. URI file names ("file:...") are
    // left to SQLite.
    private static string? FolderProblem(string dataSource)
    {
        if (dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string path;
        try
        {
            path = Path.GetFullPath(dataSource);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"{nameof(ConnectionString)} names the database file '{dataSource}', which is not a valid path: {e.Message}";
        }

        var folder = Path.GetDirectoryName(path);
        return folder is null || Directory.Exists(folder)
            ? null
            : $"{nameof(ConnectionString)} names the database file '{path}', but its folder '{folder}' does not exist; create the folder first (SQLite creates the file, not its folder).";
    }
}
