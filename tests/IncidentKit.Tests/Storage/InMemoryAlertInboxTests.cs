using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// The alert intake's store contract, run against the in-memory store.
public sealed class InMemoryAlertInboxTests(InMemoryStoreFixture f) : AlertInboxConformanceTests<InMemoryStoreFixture>(f);
