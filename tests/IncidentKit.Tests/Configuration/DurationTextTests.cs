using IncidentKit.Configuration;
using NodaTime;

namespace IncidentKit.Tests.Configuration;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("1h30m", false, 90)]
    [InlineData(" PT4H ", false, 240)]
    [InlineData("2d", true, 2 * 1440)]
    [InlineData("P1W", true, 7 * 1440)]
    public void TryParse_ValidText_ReadsTheDuration(string text, bool allowDays, int minutes)
    {
        Assert.True(DurationText.TryParse(text, allowDays, out var duration, out var problem));
        Assert.Equal(Duration.FromMinutes(minutes), duration);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("2d", false, "days")]
    [InlineData("3x", true, "unit 'x'")]
    [InlineData("", true, "empty")]
    [InlineData("P1M", true, "months")]
    public void TryParse_InvalidText_SaysWhy(string text, bool allowDays, string why)
    {
        Assert.False(DurationText.TryParse(text, allowDays, out var duration, out var problem));
        Assert.Equal(Duration.Zero, duration);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NullText_Throws() => Assert.Throws<ArgumentNullException>(() => DurationText.TryParse(null!, true, out _, out _));
}
