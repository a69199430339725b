using System.Text;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Text;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Storage;

public sealed class InstantJsonConverterTests
{
    // Property: for instants with every number of fraction digits, across years and month ends, the UTF-8 fast path reads
    // exactly what NodaTime's ExtendedIso pattern writes and reads.
    [Fact]
    public void TryParseIso_WhatTheStoreWrites_AgreesWithNodaTimePattern()
    {
        var random = new Random(11);
        for (var i = 0; i < 20_000; i++)
        {
            var ticks = random.NextInt64(Instant.FromUtc(1, 1, 1, 0, 0).ToUnixTimeTicks(), Instant.FromUtc(9999, 12, 31, 23, 59).ToUnixTimeTicks());
            var instant = Instant.FromUnixTimeTicks(ticks).PlusNanoseconds(random.Next(100)) switch
            {
                var x when i % 3 == 0 => Instant.FromUnixTimeSeconds(x.ToUnixTimeSeconds()),
                var x when i % 3 == 1 => Instant.FromUnixTimeMilliseconds(x.ToUnixTimeMilliseconds()),
                var x => x,
            };
            var text = InstantPattern.ExtendedIso.Format(instant);

            Assert.True(InstantJsonConverter.TryParseIso(Encoding.UTF8.GetBytes(text), out var read), text);
            Assert.Equal(InstantPattern.ExtendedIso.Parse(text).Value, read);
        }
    }

    [Theory]
    [InlineData("2026-02-29T00:00:00Z")] // not a leap year
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-01-01T24:00:00Z")]
    [InlineData("2026-01-01T00:00:60Z")]
    [InlineData("2026-01-01T00:00:00.Z")]
    [InlineData("2026-01-01T00:00:00.1234567890Z")]
    [InlineData("2026-01-01 00:00:00Z")]
    [InlineData("2026-01-01T00:00:00+01:00")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("-0001-01-01T00:00:00Z")]
    [InlineData("2026-01-01T00:00:0xZ")]
    public void TryParseIso_OtherText_LeavesItToNodaTime(string text) =>
        Assert.False(InstantJsonConverter.TryParseIso(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void Deserialize_EscapedOrEarlyYearInstant_ReadsThroughNodaTime()
    {
        var json = IncidentEventSerializer.Serialize(new IncidentAcknowledged(Guid.NewGuid(), T0, Alice));
        var at = InstantPattern.ExtendedIso.Format(T0);
        var escaped = json.Replace($"\"{at}\"", $"\"\\u00{(int)at[0]:x2}{at[1..]}\"", StringComparison.Ordinal);
        Assert.NotEqual(json, escaped);

        Assert.Equal(T0, IncidentEventSerializer.Deserialize(escaped).At);
        Assert.Equal(T0, IncidentEventSerializer.Deserialize(Encoding.UTF8.GetBytes(escaped)).At);
    }
}
