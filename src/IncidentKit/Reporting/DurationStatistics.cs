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

    // Reorders the first count values in place. A report keeps up to five sets of 100 000 or more durations, and sorting each
    // only to read four ranks costs more than the fold of their incidents; selection finds the same values (nearest rank) in
    // linear expected time: first the 99th percentile's rank, then the 90th among the values below it, then the median's.
    internal static DurationStatistics FromTicks(long[] ticks, int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        var values = ticks.AsSpan(0, count);
        Int128 sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
        }

        // Rank indices, 0-based: mid ≤ r90 ≤ r99 for every count ≥ 1, so each selection runs within the previous one's lower part,
        // which holds exactly the smallest values.
        var r99 = Rank(count, 99) - 1;
        var r90 = Rank(count, 90) - 1;
        var mid = count / 2;
        Select(values, r99);
        Select(values[..(r99 + 1)], r90);
        Select(values[..(r90 + 1)], mid);
        long median;
        if (count % 2 == 1)
        {
            median = values[mid];
        }
        else
        {
            // The value just below the middle is the largest of those left of it.
            var below = values[0];
            for (var i = 1; i < mid; i++)
            {
                below = Math.Max(below, values[i]);
            }

            median = (long)(((Int128)below + values[mid]) / 2);
        }

        return new DurationStatistics(count, Duration.FromTicks((long)(sum / count)), Duration.FromTicks(median),
            Duration.FromTicks(values[r90]), Duration.FromTicks(values[r99]));
    }

    // 1-based nearest rank ⌈percent·count/100⌉, at least 1.
    private static int Rank(int count, int percent) => Math.Max((int)((((long)percent * count) + 99) / 100), 1);

    // Moves the k-th smallest value (0-based) to index k, with none greater before it and none smaller after it: quickselect
    // with a median-of-three pivot, falling back to a sort of what is left if partitioning degenerates (introselect), so the
    // worst case stays O(n log n).
    private static void Select(Span<long> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        var budget = (2 * System.Numerics.BitOperations.Log2((uint)values.Length)) + 8;
        while (hi > lo)
        {
            if (budget-- == 0)
            {
                values[lo..(hi + 1)].Sort();
                return;
            }

            var m = lo + ((hi - lo) / 2);
            if (values[m] < values[lo])
            {
                (values[m], values[lo]) = (values[lo], values[m]);
            }

            if (values[hi] < values[lo])
            {
                (values[hi], values[lo]) = (values[lo], values[hi]);
            }

            if (values[hi] < values[m])
            {
                (values[hi], values[m]) = (values[m], values[hi]);
            }

            var pivot = values[m];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            // Now values[lo..j] ≤ pivot ≤ values[i..hi], and everything strictly between j and i equals the pivot.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }
}
