using IncidentKit.Storage.Conformance;

[assembly: AssemblyFixture(typeof(IncidentKit.PostgreSql.Tests.PostgreSqlStoreFixture))]

namespace IncidentKit.PostgreSql.Tests;

// The whole store contract, run against PostgreSQL (a fresh schema per test): one line per concern.
public sealed class PostgreSqlStreamTests(PostgreSqlStoreFixture f) : StreamConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlListingTests(PostgreSqlStoreFixture f) : ListingConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlDueWorkTests(PostgreSqlStoreFixture f) : DueWorkConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlOutboxTests(PostgreSqlStoreFixture f) : OutboxConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlDrillTests(PostgreSqlStoreFixture f) : ReliabilityDrillTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlTimelineTests(PostgreSqlStoreFixture f) : TimelineConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlLeaseRenewalTests(PostgreSqlStoreFixture f) : LeaseRenewalConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlTimelineTamperTests(PostgreSqlStoreFixture f) : TimelineTamperConformanceTests<PostgreSqlStoreFixture>(f);

public sealed class PostgreSqlStateTests(PostgreSqlStoreFixture f) : StateConformanceTests<PostgreSqlStoreFixture>(f);
