using IncidentKit.Storage.Conformance;

namespace IncidentKit.PostgreSql.Tests;

// An alert group's resolve held by the incident's runbook, made once the steps are done, against PostgreSQL.
public sealed class PostgreSqlAlertAutoResolveTests(PostgreSqlStoreFixture f) : AlertAutoResolveConformanceTests<PostgreSqlStoreFixture>(f);
