namespace IncidentKit.Storage;

// Incidents, due work and outbox live in one set of dictionaries under one lock: one storage unit.
public sealed partial class InMemoryIncidentStore : IIncidentKitStore;
