using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NodaTime;

namespace IncidentKit.Calendars;

/// <summary>The business intervals of one UTC year as tick ranges with prefix sums of business ticks.</summary>
/// <remarks>
/// <para>Immutable; intervals are sorted, disjoint and clipped to [<see cref="YearStart"/>, <see cref="YearEnd"/>).</para>
/// <para>Implementation note: SLA queries start at random instants, so the searches avoid data-dependent branches, which a
/// processor mispredicts half the time on such input. A UTC year is a whole number of days, so a day index (for each UTC day,
/// the first interval starting on or after it) turns "which interval holds t" into one division by a constant and a count over
/// the day's few intervals. "Where is the n-th business tick" counts, with sign masks rather than branches, the prefix sums
/// below the target in a short window after the start's interval (an SLA target is a few days away), and bisects the rest
/// of the year, again branch-free, only when the window falls short.</para>
/// </remarks>
internal sealed class YearTable
{
    private const long TicksPerDay = NodaConstants.TicksPerDay;

    // Prefix entries checked in one branch-free pass before a due search falls back to bisection: eight days of split hours.
    private const int Window = 16;
    private readonly long[] _starts;
    private readonly long[] _ends;

    // _prefix[i] is the business time before interval i; _prefix[n] is the year's total.
    private readonly long[] _prefix;

    // _dayFirst[d] is the number of intervals starting before UTC day d of the year, for d in [0, days + 1]; the entry past the
    // year's last day lets a query at YearEnd itself (an exclusive end) use the same code.
    private readonly int[] _dayFirst;

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
        int days = (int)((yearEnd - yearStart) / TicksPerDay);
        _dayFirst = new int[days + 2];
        int j = 0;
        for (int d = 0; d <= days; d++)
        {
            long dayStart = yearStart + d * TicksPerDay;
            while (j < starts.Length && starts[j] < dayStart)
            {
                j++;
            }

            _dayFirst[d] = j;
        }

        _dayFirst[days + 1] = starts.Length;
    }

    public long YearStart { get; }

    public long YearEnd { get; }

    /// <summary>Gets the year's business ticks.</summary>
    public long Total { get; }

    public int Count => _starts.Length;

    public long StartAt(int i) => _starts[i];

    public long EndAt(int i) => _ends[i];

    /// <summary>Returns the business ticks in [YearStart, t) for t in [YearStart, YearEnd].</summary>
    public long BusinessBefore(long t) => BusinessBefore(t, out _);

    /// <summary>Returns the business ticks in [YearStart, t) for t in [YearStart, YearEnd], and how many intervals start at or before t.</summary>
    public long BusinessBefore(long t, out int started)
    {
        // t - YearStart is at most a year of ticks, so the day fits an int and the division by a constant is a multiplication.
        int day = (int)((ulong)(t - YearStart) / TicksPerDay);
        ref int dayFirst = ref MemoryMarshal.GetArrayDataReference(_dayFirst);
        int first = Unsafe.Add(ref dayFirst, day);
        int limit = Unsafe.Add(ref dayFirst, day + 1);

        // Intervals before the day start before t; of the day's own (a handful), count those starting at or before t.
        ref long starts = ref MemoryMarshal.GetArrayDataReference(_starts);
        int lo = first;
        for (int i = first; i < limit; i++)
        {
            lo += (int)((ulong)(t - Unsafe.Add(ref starts, i)) >> 63) ^ 1;
        }

        // lo intervals start at or before t; the last of them may contain t.
        started = lo;
        if (lo == 0)
        {
            return 0;
        }

        int k = lo - 1;
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_prefix), k)
            + (Math.Min(t, Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_ends), k)) - Unsafe.Add(ref starts, k));
    }

    /// <summary>Returns the earliest instant at which <paramref name="target"/> business ticks (0 &lt; target &lt;= Total) have elapsed in the year.</summary>
    public long InstantAtBusiness(long target) => InstantAtBusiness(target, 0);

    /// <summary>Returns the earliest instant at which <paramref name="target"/> business ticks (0 &lt; target &lt;= Total) have elapsed in the year,
    /// knowing that intervals before <paramref name="started"/> - 1 end before it (as <see cref="BusinessBefore(long, out int)"/> tells for an earlier instant).</summary>
    public long InstantAtBusiness(long target, int started)
    {
        // Smallest k in [1, n] with prefix[k] >= target (prefix[n] = Total >= target): interval k - 1 reaches the target, at its
        // end at the latest. An SLA target is usually a few days from its start, so first count, without branching, the entries
        // below the target in a short window from the first candidate (they are sorted, so the count is the position).
        ref long prefix = ref MemoryMarshal.GetArrayDataReference(_prefix);
        int n = _prefix.Length - 1;
        int k = Math.Max(started, 1);
        int window = Math.Min(Window, n - k + 1);
        int below = 0;
        for (int j = 0; j < window; j++)
        {
            below += (int)((ulong)(Unsafe.Add(ref prefix, k + j) - target) >> 63);
        }

        k += below;
        if (below == Window)
        {
            // Further on: a binary search whose step is kept when prefix[k] < target, i.e. when the difference is negative.
            int length = n - k + 1;
            while (length > 1)
            {
                int half = length >> 1;
                k += half & (int)((Unsafe.Add(ref prefix, k + half - 1) - target) >> 63);
                length -= half;
            }
        }

        int i = k - 1;
        return Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_starts), i) + (target - Unsafe.Add(ref prefix, i));
    }
}
