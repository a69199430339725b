using IncidentKit.Calendars;
using IncidentKit.Escalation;
using IncidentKit.Sla;

namespace IncidentKit.Tests.Configuration;

/// <summary>Values too large for their sums are refused with their JSON path, never an OverflowException or a wrapped value.</summary>
public sealed class ConfigurationOverflowTests
{
    [Theory]
    [InlineData("PT999999999999H")]
    [InlineData("P99999999D")]
    [InlineData("PT9223372036854775807S")]
    [InlineData("99999999999h")]
    public void SlaPolicySetFromJson_HugeDuration_ReportsItsPath(string duration)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => SlaPolicySet.FromJson(
            $$"""{ "policies": [ { "name": "p", "targets": { "P1": { "resolution": "{{duration}}" } } } ] }"""));

        Assert.StartsWith("$.policies[0].targets.P1.resolution: ", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void SlaPolicySetFromJson_DurationOf184KilobytesOfDigits_IsRefusedNotWrapped()
    {
        string digits = new('9', 184 * 1024);

        var ex = Assert.Throws<ConfigurationValidationException>(() => SlaPolicySet.FromJson(
            $$"""{ "policies": [ { "name": "p", "targets": { "P1": { "resolution": "1h{{digits}}s" } } } ] }"""));

        Assert.StartsWith("$.policies[0].targets.P1.resolution: ", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P99999999D")]
    [InlineData("PT999999999999H")]
    [InlineData("99999999999w")]
    public void EscalationMatrixFromJson_HugeDelay_ReportsItsPath(string delay)
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => EscalationMatrix.FromJson(
            $$"""{ "policies": [ { "id": "p", "levels": [ { "delay": "{{delay}}", "targets": ["user:a"] } ] } ], "fallback": "p" }"""));

        Assert.StartsWith("$.policies[0].levels[0].delay: ", Assert.Single(ex.Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9999-12-29")]
    [InlineData("9999-12-31")]
    [InlineData("-9998-01-01")]
    public void CalendarFromJson_ExceptionAtTheEndOfTimeWithNoWeeklyHours_ReportsItsPathOrWorks(string date)
    {
        BusinessCalendar calendar;
        try
        {
            calendar = BusinessCalendar.FromJson($$"""{ "timeZone": "Europe/London", "exceptions": { "{{date}}": ["09:00-17:00"] } }""");
        }
        catch (CalendarFormatException ex)
        {
            Assert.StartsWith($"$.exceptions.{date}: ", Assert.Single(ex.Problems), StringComparison.Ordinal);
            return;
        }

        // Accepted: then asking it questions must not overflow either.
        var start = NodaTime.Instant.FromUtc(2026, 1, 1, 0, 0);
        _ = calendar.AddBusinessTime(start, NodaTime.Duration.FromHours(1));
        _ = calendar.BusinessTimeBetween(start, start + NodaTime.Duration.FromDays(400));
    }
}
