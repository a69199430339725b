using System.Text.RegularExpressions;
using NodaTime;

namespace IncidentKit.PostgreSql;

/// <summary>Configures a <see cref="PostgreSqlIncidentStore"/>: the database schema its tables live in.</summary>
/// <remarks>Validated once, when the store is created. Connection settings (host, pool size, timeouts) belong to the
/// <c>NpgsqlDataSource</c> the store is given.</remarks>
/// <threadsafety>Instances are mutable and not thread-safe; configure one before creating the store and leave it alone after.</threadsafety>
public sealed partial class PostgreSqlStoreOptions
{
    /// <summary>Gets or sets the schema that holds the store's tables: lower-case letters, digits and underscores, at most 50
    /// characters, starting with a letter or underscore. The store creates it if it is missing.</summary>
    /// <value>The default value is <c>incidentkit</c>.</value>
    public string Schema { get; set; } = "incidentkit";

    // Tests only: decide due instants and leases with this clock instead of the database clock, so that a test can move time.
    internal IClock? TestClock { get; set; }

    internal void Validate()
    {
        if (Schema is null || !SchemaName().IsMatch(Schema))
        {
            throw new ArgumentException(
                $"Invalid PostgreSQL store options: {nameof(Schema)} '{Schema}' must be 1 to 50 lower-case letters, digits or underscores, starting with a letter or underscore.",
                "options");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,49}$")]
    private static partial Regex SchemaName();
}
