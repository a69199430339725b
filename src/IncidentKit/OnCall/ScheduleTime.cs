using NodaTime;

namespace IncidentKit.OnCall;

/// <summary>Maps schedule wall-clock times to instants with one rule everywhere.</summary>
internal static class ScheduleTime
{
    internal const long TicksPerHour = NodaConstants.TicksPerHour;

    internal static Instant ToInstant(DateTimeZone zone, LocalDateTime local) => zone.ResolveLocal(local, WallClock.FirstInstantAtOrAfter).ToInstant();

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
