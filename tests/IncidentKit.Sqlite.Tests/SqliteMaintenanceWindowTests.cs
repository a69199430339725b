using IncidentKit.Storage.Conformance;

namespace IncidentKit.Sqlite.Tests;

// The maintenance window contract, run against SQLite.
public sealed class SqliteMaintenanceWindowTests(SqliteStoreFixture f) : MaintenanceWindowConformanceTests<SqliteStoreFixture>(f);
