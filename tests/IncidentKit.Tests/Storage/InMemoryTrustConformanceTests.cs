using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// Tenant isolation, the delivery log and contention (issue 15 §2, §3, §7), run against the in-memory store.
public sealed class InMemoryTenantIsolationTests(InMemoryStoreFixture f) : TenantIsolationConformanceTests<InMemoryStoreFixture>(f);

public sealed class InMemoryContentionTests(InMemoryStoreFixture f) : ContentionConformanceTests<InMemoryStoreFixture>(f);
