using IncidentKit.Storage.Conformance;

namespace IncidentKit.Sqlite.Tests;

// Tenant isolation, the delivery log and contention (issue 15 §2, §3, §7), run against SQLite.
public sealed class SqliteTenantIsolationTests(SqliteStoreFixture f) : TenantIsolationConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteContentionTests(SqliteStoreFixture f) : ContentionConformanceTests<SqliteStoreFixture>(f);
