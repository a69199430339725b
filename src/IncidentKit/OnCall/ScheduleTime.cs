using NodaTime;
using NodaTime.TimeZones;

namespace IncidentKit.OnCall;

/// <summary>Maps schedule wall-clock times to instants with one rule everywhere.</summary>
internal static class ScheduleTime
{
    /// <summary>Gets the resolver shared with business calendars: the first instant at which the clock reads the local time or later.</summary>
    /// <remarks>Ambiguous times take the earlier occurrence; skipped times take the end of the gap, so the mapping is monotonic.</remarks>
    internal static readonly ZoneLocalMappingResolver Resolver =
        Resolvers.CreateMappingResolver(Resolvers.ReturnEarlier, Resolvers.ReturnStartOfIntervalAfter);

    internal const long TicksPerHour = NodaConstants.TicksPerHour;

    internal static Instant ToInstant(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, Resolver).ToInstant();

    // Local date-times are handled as ticks on a "local timeline" (as if the zone were UTC) so that wall-clock
    // arithmetic (n local hours, n local days) is plain integer arithmetic.
    internal static long LocalTicks(LocalDateTime local) => local.InUtc().ToInstant().ToUnixTimeTicks();

    internal static LocalDateTime FromLocalTicks(long ticks) => Instant.FromUnixTimeTicks(ticks).InUtc().LocalDateTime;

    internal static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
