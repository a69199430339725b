using IncidentKit.Storage;

namespace IncidentKit.PostgreSql;

// Incidents, due work and outbox share one database and one transaction per append: one storage unit.
public sealed partial class PostgreSqlIncidentStore : IIncidentKitStore;
