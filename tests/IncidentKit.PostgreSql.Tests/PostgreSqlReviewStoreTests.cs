using IncidentKit.Storage.Conformance;

namespace IncidentKit.PostgreSql.Tests;

// The review store contract, run against PostgreSQL.
public sealed class PostgreSqlReviewStoreTests(PostgreSqlStoreFixture f) : ReviewStoreConformanceTests<PostgreSqlStoreFixture>(f);
