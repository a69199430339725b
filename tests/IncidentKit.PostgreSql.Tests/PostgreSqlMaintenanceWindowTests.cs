using IncidentKit.Storage.Conformance;

namespace IncidentKit.PostgreSql.Tests;

// The maintenance window contract, run against PostgreSQL.
public sealed class PostgreSqlMaintenanceWindowTests(PostgreSqlStoreFixture f) : MaintenanceWindowConformanceTests<PostgreSqlStoreFixture>(f);
