using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.Hosting;

// A host that chose no store used to keep incidents in memory silently, and lost them on restart. The choice is explicit now:
// whatever needs the store (the worker and the on-call refresh at start, IncidentService when resolved) fails with one message
// that names the three choices, instead of a container error about an interface.
internal static class IncidentKitStoreChoice
{
    public const string NoStore =
        "No IncidentKit store was chosen. Call one of these on the builder AddIncidentKit(...) returns: UseSqlite(...) (package " +
        "IncidentKit.Sqlite: one database file), UsePostgreSql(...) (package IncidentKit.PostgreSql: many nodes, one database) or " +
        "UseInMemoryStore() (tests and demos: a restart loses every incident).";

    // Resolves a port that the chosen store provides (or that the host registered itself).
    public static T Require<T>(IServiceProvider services)
        where T : notnull =>
        services.GetService<T>() ?? throw new InvalidOperationException(NoStore);
}
