using IncidentKit.Alerts;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Tests.Alerts;

// AlertBody.ParseTime reads the usual UTC shape straight from the characters and everything else through the RFC 3339 pattern:
// both ways must give the same instant, and a bad time the same documented error.
public sealed class AlertBodyTests
{
    private static readonly OffsetDateTimePattern Rfc3339 = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss;FFFFFFFFFo<G>");

    [Theory]
    [InlineData("2026-12-06T21:58:36Z")]
    [InlineData("2026-12-06T21:58:36.7Z")]
    [InlineData("2026-12-06T21:58:36.798Z")]
    [InlineData("2026-12-06T21:58:36.79849197Z")]
    [InlineData("2026-12-06T21:58:36.798491970Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("2028-02-29T23:59:59.999999999Z")]
    [InlineData("2026-12-06T22:58:36.5+01:00")]
    [InlineData("2026-12-06t21:58:36Z")]
    [InlineData("2026-12-06T21:58:36,25Z")]
    [InlineData("2026-12-06T24:00:00Z")]
    public void ParseTime_ValidRfc3339_GivesThePatternsInstant(string text)
    {
        var expected = (Rfc3339.Parse(text) is { Success: true } parsed ? parsed : Rfc3339.Parse(text.Replace('t', 'T'))).Value.ToInstant();

        Assert.Equal(expected, AlertBody.ParseTime(text, "/alerts/0/startsAt"));
    }

    [Theory]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-12-06T21:58:36.Z")]
    [InlineData("2026-12-06T21:58:36.1234567890Z")]
    [InlineData("2026-12-06T21:58:36")]
    [InlineData("2026-12-06 21:58:36Z")]
    [InlineData("2026-12-06T21:58:3éZ")]
    [InlineData("")]
    public void ParseTime_Invalid_ThrowsNamingTheField(string text)
    {
        var e = Assert.Throws<AlertFormatException>(() => AlertBody.ParseTime(text, "/alerts/0/startsAt"));

        Assert.Equal("/alerts/0/startsAt", e.Field);
    }

    [Fact]
    public void ParseTime_GoZeroTime_IsTheYearOneInstant() =>
        Assert.Equal(Instant.FromUtc(1, 1, 1, 0, 0), AlertBody.ParseTime("0001-01-01T00:00:00Z", "/endsAt"));
}
