using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Summarises a set of durations: count, mean, median and the 90th and 99th percentiles.</summary>
/// <remarks>
/// <para>The median is the middle value of the sorted durations, or the mean of the two middle values when the count is even.
/// The percentiles use the nearest-rank method: the p-th percentile is the smallest duration such that at least p % of the
/// durations are at or below it, i.e. the value at 1-based rank ⌈p·n/100⌉ of the sorted list. They are exact (no
/// interpolation, no sketch), so every percentile is a duration that some incident actually took.</para>
/// <para>Means and medians are rounded toward zero to whole ticks (100 ns). An empty set has count 0 and null statistics.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record DurationStatistics
{
    private DurationStatistics(int count, Duration? mean, Duration? median, Duration? p90, Duration? p99)
    {
        Count = count;
        Mean = mean;
        Median = median;
        P90 = p90;
        P99 = p99;
    }

    /// <summary>Gets the statistics of no durations.</summary>
    public static DurationStatistics Empty { get; } = new(0, null, null, null, null);

    /// <summary>Gets the number of durations.</summary>
    public int Count { get; }

    /// <summary>Gets the arithmetic mean, or <see langword="null"/> when there are none.</summary>
    public Duration? Mean { get; }

    /// <summary>Gets the median, or <see langword="null"/> when there are none.</summary>
    public Duration? Median { get; }

    /// <summary>Gets the 90th percentile (nearest rank), or <see langword="null"/> when there are none.</summary>
    public Duration? P90 { get; }

    /// <summary>Gets the 99th percentile (nearest rank), or <see langword="null"/> when there are none.</summary>
    public Duration? P99 { get; }

    /// <summary>Returns the statistics of some durations.</summary>
    /// <param name="durations">The durations, in any order.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="durations"/> is null.</exception>
    public static DurationStatistics Of(IEnumerable<Duration> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var ticks = durations.Select(d => d.BclCompatibleTicks).ToArray();
        return FromTicks(ticks, ticks.Length);
    }

    /// <summary>Returns the nearest-rank percentile of sorted values.</summary>
    /// <param name="sorted">The values, sorted ascending.</param>
    /// <param name="count">How many of them to use.</param>
    /// <param name="percent">The percentile, above 0 and at most 100.</param>
    /// <returns>The value at 1-based rank ⌈percent·count/100⌉.</returns>
    internal static long NearestRank(long[] sorted, int count, int percent)
    {
        var rank = (int)(((long)percent * count + 99) / 100);
        return sorted[Math.Max(rank, 1) - 1];
    }

    // Sorts the first count values in place.
    internal static DurationStatistics FromTicks(long[] ticks, int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        Array.Sort(ticks, 0, count);
        Int128 sum = 0;
        for (var i = 0; i < count; i++)
        {
            sum += ticks[i];
        }

        var mid = count / 2;
        var median = count % 2 == 1 ? ticks[mid] : (long)(((Int128)ticks[mid - 1] + ticks[mid]) / 2);
        return new DurationStatistics(count, Duration.FromTicks((long)(sum / count)), Duration.FromTicks(median),
            Duration.FromTicks(NearestRank(ticks, count, 90)), Duration.FromTicks(NearestRank(ticks, count, 99)));
    }
}
