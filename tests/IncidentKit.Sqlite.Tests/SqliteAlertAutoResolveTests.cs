using IncidentKit.Storage.Conformance;

namespace IncidentKit.Sqlite.Tests;

// An alert group's resolve held by the incident's runbook, made once the steps are done, against SQLite.
public sealed class SqliteAlertAutoResolveTests(SqliteStoreFixture f) : AlertAutoResolveConformanceTests<SqliteStoreFixture>(f);
