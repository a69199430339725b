using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// The alert intake's store contract, run against the in-memory store.
public sealed class InMemoryAlertInboxTests(InMemoryStoreFixture f) : AlertInboxConformanceTests<InMemoryStoreFixture>(f);

// Heartbeat checks as due work under leases, run against the in-memory store.
public sealed class InMemoryHeartbeatCheckTests(InMemoryStoreFixture f) : HeartbeatCheckConformanceTests<InMemoryStoreFixture>(f);
