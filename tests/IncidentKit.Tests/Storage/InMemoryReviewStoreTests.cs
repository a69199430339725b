using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// The review store contract, run against the in-memory store.
public sealed class InMemoryReviewStoreTests(InMemoryStoreFixture f) : ReviewStoreConformanceTests<InMemoryStoreFixture>(f);
