using NodaTime;
using NodaTime.TimeZones;

namespace IncidentKit;

/// <summary>Maps local wall-clock times to instants with the one rule business calendars and on-call schedules share.</summary>
internal static class WallClock
{
    /// <summary>Gets the resolver giving the first instant at which the zone's clock reads the local time or later.</summary>
    /// <remarks>An ambiguous (fall-back) time takes its earlier occurrence; a skipped (spring-forward) time maps to the
    /// transition instant. The mapping is monotonic, so intervals never turn inside out across a clock change.</remarks>
    internal static readonly ZoneLocalMappingResolver FirstInstantAtOrAfter =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);
}
