using IncidentKit.Storage.Conformance;

namespace IncidentKit.Sqlite.Tests;

// The review store contract, run against SQLite.
public sealed class SqliteReviewStoreTests(SqliteStoreFixture f) : ReviewStoreConformanceTests<SqliteStoreFixture>(f);
