using NodaTime;
using NodaTime.Extensions;

namespace IncidentKit.Hosting.Tests;

internal static class TestExtensions
{
    public static IClock ToClockForTests(this TimeProvider time) => time.ToClock();

    public static Instant ToInstant(this DateTimeOffset value) => Instant.FromDateTimeOffset(value);
}
