namespace IncidentKit.Hosting.Configuration;

/// <summary>Names the store a host wires from configuration (<see cref="IncidentKitConfiguration.Store"/>).</summary>
public enum IncidentKitStoreKind
{
    /// <summary>The SQLite store (<c>IncidentKit.Sqlite</c>).</summary>
    Sqlite,

    /// <summary>The PostgreSQL store (<c>IncidentKit.PostgreSql</c>).</summary>
    PostgreSql,

    /// <summary>The in-memory store, for tests and demos.</summary>
    InMemory,
}
