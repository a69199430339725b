using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// An alert group's resolve held by the incident's runbook, made once the steps are done, against the in-memory store.
public sealed class InMemoryAlertAutoResolveTests(InMemoryStoreFixture f) : AlertAutoResolveConformanceTests<InMemoryStoreFixture>(f);
