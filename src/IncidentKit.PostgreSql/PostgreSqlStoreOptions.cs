using System.Text.RegularExpressions;
using IncidentKit.Storage;
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

    /// <summary>Gets or sets the channel every append announces itself on with <c>pg_notify</c>, sent inside the transaction that
    /// commits the append (shared with the other appends committed in the same group); <see langword="null"/> sends nothing. Give
    /// <see cref="NotifyPayload"/> with it.</summary>
    /// <remarks>PostgreSQL delivers a notification when its transaction commits and drops it when it rolls back, so listeners hear
    /// of every committed append and of no other, even when the appending process dies right after its commit. A payload of
    /// 8000 bytes or more (PostgreSQL's limit) is not sent, so that an append never fails for its notification: keep payloads
    /// small. Channel names follow the schema's rule (lower-case letters, digits, underscores).</remarks>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? NotifyChannel { get; set; }

    /// <summary>Gets or sets the payload an append notifies <see cref="NotifyChannel"/> with, computed from the change before it
    /// is written; <see langword="null"/> or empty sends nothing for that change.</summary>
    /// <remarks>It runs on the appending thread for every append: keep it quick and never let it throw.</remarks>
    /// <value>The default value is <see langword="null"/>.</value>
    public Func<IncidentChange, string?>? NotifyPayload { get; set; }

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

        if (NotifyChannel is not null && (!SchemaName().IsMatch(NotifyChannel) || NotifyPayload is null))
        {
            throw new ArgumentException(
                $"Invalid PostgreSQL store options: {nameof(NotifyChannel)} '{NotifyChannel}' must be 1 to 50 lower-case letters, digits or underscores, starting with a letter or underscore, and comes with a {nameof(NotifyPayload)}.",
                "options");
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,49}$")]
    private static partial Regex SchemaName();
}
