using IncidentKit.Storage.Conformance;

namespace IncidentKit.PostgreSql.Tests;

// Tenant isolation, the delivery log and contention (issue 15 §2, §3, §7), run against PostgreSQL.
public sealed class PostgreSqlTenantIsolationTests(PostgreSqlStoreFixture f) : TenantIsolationConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlContentionTests(PostgreSqlStoreFixture f) : ContentionConformanceTests<PostgreSqlStoreFixture>(f);
