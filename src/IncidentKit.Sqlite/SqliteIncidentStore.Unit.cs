using IncidentKit.Storage;

namespace IncidentKit.Sqlite;

// Incidents, due work and outbox share one database file and one write transaction: one storage unit.
public sealed partial class SqliteIncidentStore : IIncidentKitStore;
