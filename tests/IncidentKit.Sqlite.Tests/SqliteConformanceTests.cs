using IncidentKit.Storage.Conformance;

[assembly: AssemblyFixture(typeof(IncidentKit.Sqlite.Tests.SqliteStoreFixture))]

namespace IncidentKit.Sqlite.Tests;

// The whole store contract, run against SQLite (a fresh database file per test): one line per concern.
public sealed class SqliteStreamTests(SqliteStoreFixture f) : StreamConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteListingTests(SqliteStoreFixture f) : ListingConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteDueWorkTests(SqliteStoreFixture f) : DueWorkConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteOutboxTests(SqliteStoreFixture f) : OutboxConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteDrillTests(SqliteStoreFixture f) : ReliabilityDrillTests<SqliteStoreFixture>(f);

public sealed class SqliteTimelineTests(SqliteStoreFixture f) : TimelineConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteLeaseRenewalTests(SqliteStoreFixture f) : LeaseRenewalConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteTimelineTamperTests(SqliteStoreFixture f) : TimelineTamperConformanceTests<SqliteStoreFixture>(f);

public sealed class SqliteStateTests(SqliteStoreFixture f) : StateConformanceTests<SqliteStoreFixture>(f);
