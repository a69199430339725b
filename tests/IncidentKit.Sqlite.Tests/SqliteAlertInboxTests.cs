using IncidentKit.Storage.Conformance;

namespace IncidentKit.Sqlite.Tests;

// The alert intake's store contract, run against SQLite.
public sealed class SqliteAlertInboxTests(SqliteStoreFixture f) : AlertInboxConformanceTests<SqliteStoreFixture>(f);

// Heartbeat checks as due work under leases, run against SQLite.
public sealed class SqliteHeartbeatCheckTests(SqliteStoreFixture f) : HeartbeatCheckConformanceTests<SqliteStoreFixture>(f);
