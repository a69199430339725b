using IncidentKit.Storage.Conformance;

namespace IncidentKit.Tests.Storage;

// The reporting query's contract (issue 11 §1), run against the in-memory store.
public sealed class InMemoryActivityTests(InMemoryStoreFixture f) : ActivityConformanceTests<InMemoryStoreFixture>(f);
