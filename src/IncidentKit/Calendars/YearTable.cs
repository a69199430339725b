namespace IncidentKit.Calendars;

/// <summary>The business intervals of one UTC year as tick ranges with prefix sums of business ticks.</summary>
/// <remarks>Immutable; intervals are sorted, disjoint and clipped to [<see cref="YearStart"/>, <see cref="YearEnd"/>).</remarks>
internal sealed class YearTable
{
    private readonly long[] _starts;
    private readonly long[] _ends;

    // _prefix[i] is the business time before interval i; _prefix[n] is the year's total.
    private readonly long[] _prefix;

    public YearTable(long yearStart, long yearEnd, long[] starts, long[] ends)
    {
        YearStart = yearStart;
        YearEnd = yearEnd;
        _starts = starts;
        _ends = ends;
        _prefix = new long[starts.Length + 1];
        for (int i = 0; i < starts.Length; i++)
        {
            _prefix[i + 1] = _prefix[i] + (ends[i] - starts[i]);
        }

        Total = _prefix[starts.Length];
    }

    public long YearStart { get; }

    public long YearEnd { get; }

    /// <summary>Gets the year's business ticks.</summary>
    public long Total { get; }

    public int Count => _starts.Length;

    public long StartAt(int i) => _starts[i];

    public long EndAt(int i) => _ends[i];

    /// <summary>Returns the business ticks in [YearStart, t) for t within the year.</summary>
    public long BusinessBefore(long t)
    {
        long[] starts = _starts;
        int lo = 0, hi = starts.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (starts[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // lo intervals start at or before t; the last of them may contain t.
        if (lo == 0)
        {
            return 0;
        }

        int i = lo - 1;
        return _prefix[i] + (Math.Min(t, _ends[i]) - starts[i]);
    }

    /// <summary>Returns the earliest instant at which <paramref name="target"/> business ticks (0 &lt; target &lt;= Total) have elapsed in the year.</summary>
    public long InstantAtBusiness(long target)
    {
        long[] prefix = _prefix;

        // Smallest k >= 1 with prefix[k] >= target: interval k - 1 reaches the target, at its end at the latest.
        int lo = 1, hi = prefix.Length - 1;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (prefix[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        int i = lo - 1;
        return _starts[i] + (target - prefix[i]);
    }
}
