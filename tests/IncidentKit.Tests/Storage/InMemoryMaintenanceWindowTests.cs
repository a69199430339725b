using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// The maintenance window contract, run against the in-memory store.
public sealed class InMemoryMaintenanceWindowTests(InMemoryStoreFixture f) : MaintenanceWindowConformanceTests<InMemoryStoreFixture>(f);
