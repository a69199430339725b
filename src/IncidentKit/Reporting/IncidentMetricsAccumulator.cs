using System.Runtime.InteropServices;
using IncidentKit.Calendars;
using IncidentKit.Incidents.Events;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Reporting;

/// <summary>Folds incident histories, one at a time, into the metrics of <see cref="IncidentMetricsReport"/>.</summary>
/// <remarks>
/// <para>Memory is bounded by what the report keeps, not by the histories: each history is folded and dropped. Per incident in
/// the cohort it keeps up to five durations as 8-byte ticks (for exact percentiles: 100 000 incidents take about 4 MB); the
/// rest are counters keyed by priority, category, service, team, person and trend point.</para>
/// <para>Use <see cref="IncidentMetrics.ComputeAsync(IAsyncEnumerable{IncidentHistory}, IncidentMetricsOptions, Func{IncidentReportRow, CancellationToken, ValueTask}?, IProgress{ReportProgress}?, CancellationToken)"/>
/// for a stream of histories; use this type directly to fold histories you already hold.</para>
/// </remarks>
/// <threadsafety>Instances are not thread-safe; fold on one thread at a time.</threadsafety>
public sealed class IncidentMetricsAccumulator
{
    private const string None = "(none)";
    private static readonly int Dimensions = Enum.GetValues<ReportDimension>().Max(d => (int)d) + 1;
    private static readonly int SlaKinds = Enum.GetValues<SlaTargetKind>().Max(k => (int)k) + 1;

    private readonly IncidentMetricsOptions _options;
    private readonly Instant _start;
    private readonly Instant _end;
    private readonly IncidentFold _fold = new();
    private readonly LongList _tta = new();
    private readonly LongList _ttaBusiness = new();
    private readonly LongList _ttr = new();
    private readonly LongList _ttrBusiness = new();
    private readonly LongList _ttd = new();
    private readonly Dictionary<int, int> _depths = [];
    // Each dimension's distinct values are numbered as they first appear, one lookup per incident and dimension; the counts and
    // the SLA outcomes (per target kind × dimension) are then lists indexed by that number, so an incident with a few SLA clocks
    // costs four string lookups rather than four per clock.
    private readonly DimensionValues[] _values = [.. Enumerable.Range(0, Dimensions).Select(_ => new DimensionValues())];
    private readonly List<(int Met, int Breached)>[] _sla = [.. Enumerable.Range(0, SlaKinds * Dimensions).Select(_ => new List<(int Met, int Breached)>())];
    private readonly Dictionary<UserId, int[]> _load = [];
    private readonly int[] _heat = new int[7 * 24];
    private readonly LocalDate[] _trendDates;
    private readonly long[] _trendStarts;
    private readonly TrendBucket[] _trend;
    private readonly Dictionary<int, string> _priorityNames = [];
    private readonly Dictionary<(int Service, int Category), (int Count, Instant First, Instant Last)> _recurring = [];
    private readonly RunbookStepTally _runbookSteps = new();
    private readonly bool[] _businessDays = new bool[7];
    private long _histories;
    private long _events;
    private int _opened;
    private int _resolved;
    private int _cancelled;
    private int _unacknowledged;
    private int _unresolved;
    private int _resolvedOnce;
    private int _reopened;
    private long _depthSum;
    private int _manual;
    private int _slaMet;
    private int _slaBreached;

    /// <summary>Initializes an empty accumulator.</summary>
    /// <param name="options">What to measure and how.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid: unset tenant, a period without both ends or with its end not after
    /// its start, a null zone, calendar, hours or person-zone map, an unknown granularity, or working hours whose business end is
    /// not after their start or whose sleep window is empty.</exception>
    public IncidentMetricsAccumulator(IncidentMetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        foreach (var day in options.Hours.BusinessDays)
        {
            _businessDays[(int)day - 1] = true;
        }

        _start = options.Period.Start;
        _end = options.Period.End;

        // Every point of the period exists, so a quiet week shows as zero rather than as a gap. Each point starts at the first
        // instant of its date in the zone; an instant of the period falls in the last point starting at or before it, found by
        // binary search over those starts rather than by converting every instant to a local date.
        var last = BucketOf(_end - Duration.Epsilon);
        List<LocalDate> dates = [];
        for (var b = BucketOf(_start); b <= last; b = Next(b))
        {
            dates.Add(b);
        }

        _trendDates = [.. dates];
        _trendStarts = [.. dates.Select(d => d.AtStartOfDayInZone(options.Zone).ToInstant().ToUnixTimeTicks())];
        _trend = [.. dates.Select(_ => new TrendBucket())];
    }

    /// <summary>Gets the number of histories folded so far.</summary>
    public long HistoriesRead => _histories;

    /// <summary>Gets the number of events folded so far.</summary>
    public long EventsRead => _events;

    /// <summary>Folds one incident's history.</summary>
    /// <param name="history">The whole history, from version 0.</param>
    /// <returns><see langword="true"/> when the incident was opened in the period (and is not an exercise left out).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    /// <exception cref="ArgumentException">The history belongs to another tenant, or does not start at version 0 with <see cref="IncidentOpened"/>.</exception>
    public bool Add(IncidentHistory history) => Fold(history) && Count();

    /// <summary>Folds one incident's history and returns its report row when it is in the cohort.</summary>
    /// <param name="history">The whole history, from version 0.</param>
    /// <returns>The row, or <see langword="null"/> when the incident was not opened in the period or is an exercise left out.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    /// <exception cref="ArgumentException">The history belongs to another tenant, or does not start at version 0 with <see cref="IncidentOpened"/>.</exception>
    public IncidentReportRow? AddAndMeasure(IncidentHistory history)
    {
        if (!Fold(history) || !Count())
        {
            return null;
        }

        var times = IncidentTimes.From(_fold);
        return new IncidentReportRow(times, _lastTtaBusiness, _lastTtrBusiness);
    }

    /// <summary>Returns the report of everything folded so far.</summary>
    /// <returns>The report.</returns>
    public IncidentMetricsReport ToReport()
    {
        var counts = _values
            .SelectMany((values, dimension) => values.Counts.Select((count, id) => new DimensionCount((ReportDimension)dimension, values.Names[id], count)))
            .OrderBy(c => c.Dimension).ThenByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
            .ToArray();
        var sla = _sla
            .SelectMany((outcomes, i) => outcomes
                .Select((o, id) => (o.Met, o.Breached, Value: _values[i % Dimensions].Names[id]))
                .Where(o => o.Met + o.Breached > 0)
                .Select(o => new SlaComplianceEntry((SlaTargetKind)(i / Dimensions), (ReportDimension)(i % Dimensions), o.Value, o.Met, o.Breached)))
            .OrderBy(e => e.Dimension).ThenBy(e => e.Target).ThenBy(e => e.Value, StringComparer.Ordinal)
            .ToArray();
        var load = _load
            .Select(p => new OnCallLoad(p.Key, p.Value[0], p.Value[1], p.Value[2], p.Value[3], p.Value[4]))
            .OrderByDescending(l => l.Pages).ThenBy(l => l.Person.Value, StringComparer.Ordinal)
            .ToArray();
        var trend = _trend
            .Select((b, i) => new TrendPoint(_trendDates[i], b.Opened, b.Resolved,
                b.TtaCount == 0 ? null : Duration.FromTicks((long)(b.TtaSum / b.TtaCount)),
                b.TtrCount == 0 ? null : Duration.FromTicks((long)(b.TtrSum / b.TtrCount)),
                b.Pages, b.SlaMet, b.SlaBreached))
            .ToArray();
        var recurring = _recurring
            .Where(p => p.Value.Count >= 2)
            .Select(p => new RecurringGroup(_values[(int)ReportDimension.Service].Names[p.Key.Service], _values[(int)ReportDimension.Category].Names[p.Key.Category],
                p.Value.Count, p.Value.First, p.Value.Last))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Category, StringComparer.Ordinal)
            .ToArray();

        return new IncidentMetricsReport
        {
            Options = _options,
            HistoriesRead = _histories,
            EventsRead = _events,
            Opened = _opened,
            Resolved = _resolved,
            Cancelled = _cancelled,
            Unacknowledged = _unacknowledged,
            Unresolved = _unresolved,
            TimeToAcknowledge = _tta.Statistics(),
            BusinessTimeToAcknowledge = _ttaBusiness.Statistics(),
            TimeToResolve = _ttr.Statistics(),
            BusinessTimeToResolve = _ttrBusiness.Statistics(),
            TimeToDetect = _ttd.Statistics(),
            ResolvedAtLeastOnce = _resolvedOnce,
            Reopened = _reopened,
            EscalationDepths = new SortedDictionary<int, int>(_depths),
            MeanEscalationDepth = _opened == 0 ? null : (double)_depthSum / _opened,
            ManualEscalations = _manual,
            Counts = counts,
            SlaCompliance = sla,
            SlaBreaches = _slaBreached,
            SlaMet = _slaMet,
            OnCallLoad = load,
            PageHeatMap = (int[])_heat.Clone(),
            Trend = trend,
            Recurring = recurring,
            RunbookSteps = _runbookSteps.ToReport(),
        };
    }

    // Business time between two instants with holds left out; the calendar's own pause handling unions and clips them.
    internal static Duration BusinessTime(BusinessCalendar calendar, Instant from, Instant to, IReadOnlyList<Interval> holds) =>
        to <= from ? Duration.Zero : holds.Count == 0 ? calendar.BusinessTimeBetween(from, to) : calendar.BusinessTimeBetween(from, to, holds);

    private Duration? _lastTtaBusiness;
    private Duration? _lastTtrBusiness;

    private bool Fold(IncidentHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Tenant != _options.Tenant)
        {
            throw new ArgumentException($"A history of tenant '{history.Tenant}' was given to a report for tenant '{_options.Tenant}'.", nameof(history));
        }

        if (history.FromVersion != 0 || !_fold.Fold(history.Events))
        {
            throw new ArgumentException($"Incident {history.Incident}: a report needs the whole history, from version 0, starting with {nameof(IncidentOpened)}.", nameof(history));
        }

        _histories++;
        _events += _fold.EventCount;
        return _options.IncludeExercises || !_fold.IsExercise;
    }

    // Counts the folded incident; returns whether it is in the cohort (opened in the period).
    private bool Count()
    {
        var f = _fold;
        CountPages(f);
        if (f.ResolvedAt is { } lastResolved && InPeriod(lastResolved))
        {
            _resolved++;
            TrendOf(lastResolved).Resolved++;
        }

        if (!InPeriod(f.OpenedAt))
        {
            return false;
        }

        var bucket = TrendOf(f.OpenedAt);
        _opened++;
        bucket.Opened++;
        _lastTtaBusiness = null;
        _lastTtrBusiness = null;
        if (f.FirstAcknowledgedAt is { } ack)
        {
            var tta = (ack - f.OpenedAt).BclCompatibleTicks;
            _tta.Add(tta);
            bucket.TtaSum += tta;
            bucket.TtaCount++;
            _lastTtaBusiness = _options.Calendar.BusinessTimeBetween(f.OpenedAt, ack);
            _ttaBusiness.Add(_lastTtaBusiness.Value.BclCompatibleTicks);
        }
        else
        {
            _unacknowledged++;
        }

        if (f.ResolvedAt is { } resolved)
        {
            var ttr = (resolved - f.OpenedAt).BclCompatibleTicks;
            _ttr.Add(ttr);
            bucket.TtrSum += ttr;
            bucket.TtrCount++;
            _lastTtrBusiness = BusinessTime(_options.Calendar, f.OpenedAt, resolved, f.Holds);
            _ttrBusiness.Add(_lastTtrBusiness.Value.BclCompatibleTicks);
        }
        else
        {
            _unresolved++;
        }

        if (f.AlertStartedAt is { } alert)
        {
            _ttd.Add((f.OpenedAt - alert).BclCompatibleTicks);
        }

        if (f.CancelledAt is not null)
        {
            _cancelled++;
        }

        if (f.FirstResolvedAt is not null)
        {
            _resolvedOnce++;
        }

        if (f.ReopenCount > 0)
        {
            _reopened++;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_depths, f.EscalationDepth, out _)++;
        _depthSum += f.EscalationDepth;
        _manual += f.ManualEscalations;

        var priority = PriorityName(f.Priority);
        var category = f.Category is { } c ? c.Value : None;
        var service = f.Service ?? None;
        var team = f.Team ?? None;
        Span<int> ids = stackalloc int[Dimensions];
        ids[(int)ReportDimension.Priority] = _values[(int)ReportDimension.Priority].Count(priority);
        ids[(int)ReportDimension.Category] = _values[(int)ReportDimension.Category].Count(category);
        ids[(int)ReportDimension.Service] = _values[(int)ReportDimension.Service].Count(service);
        ids[(int)ReportDimension.Team] = _values[(int)ReportDimension.Team].Count(team);

        foreach (var (clock, met) in f.SlaOutcomes)
        {
            if (met)
            {
                _slaMet++;
                bucket.SlaMet++;
            }
            else
            {
                _slaBreached++;
                bucket.SlaBreached++;
            }

            for (var d = 0; d < ids.Length; d++)
            {
                Sla(clock.Kind, d, ids[d], met);
            }
        }

        ref var r = ref CollectionsMarshal.GetValueRefOrAddDefault(_recurring, (ids[(int)ReportDimension.Service], ids[(int)ReportDimension.Category]), out var seen);
        r = seen
            ? (r.Count + 1, f.OpenedAt < r.First ? f.OpenedAt : r.First, f.OpenedAt > r.Last ? f.OpenedAt : r.Last)
            : (1, f.OpenedAt, f.OpenedAt);
        if (f.Runbook is { } runbook)
        {
            _runbookSteps.Add(runbook);
        }

        return true;
    }

    private void CountPages(IncidentFold f)
    {
        foreach (var page in f.Pages)
        {
            if (!InPeriod(page.At))
            {
                continue;
            }

            if (!_load.TryGetValue(page.Person, out var load))
            {
                _load[page.Person] = load = new int[5];
            }

            load[0]++;
            if (page.Acknowledged)
            {
                load[1]++;
            }

            // Weekday and time of day from the zone's offset alone (no LocalDateTime, whose date the classification does not need).
            var (weekday, ofDay) = Local(page.At, _options.Zone);
            var (personWeekday, personOfDay) = _options.PersonZones.Count > 0 && _options.PersonZones.TryGetValue(page.Person, out var own)
                && !ReferenceEquals(own, _options.Zone) ? Local(page.At, own) : (weekday, ofDay);
            load[2 + (int)_options.Hours.Classify(LocalTime.FromNanosecondsSinceMidnight(personOfDay), _businessDays[personWeekday])]++;
            _heat[(weekday * 24) + (int)(ofDay / NodaConstants.NanosecondsPerHour)]++;
            TrendOf(page.At).Pages++;
        }
    }

    // An instant's weekday (0 = Monday) and nanosecond of the day in a zone, as InZone(zone).LocalDateTime gives them: the local
    // time is the instant plus the zone's offset then, and 1970-01-01 was a Thursday (index 3 from Monday).
    private static (int Weekday, long NanosecondOfDay) Local(Instant at, DateTimeZone zone)
    {
        var local = at - NodaConstants.UnixEpoch + Duration.FromNanoseconds(zone.GetUtcOffset(at).Nanoseconds);
        long day = local.Days;
        var ofDay = local.NanosecondOfDay;
        if (ofDay < 0)
        {
            // Days and NanosecondOfDay truncate toward zero; before 1970 the day is one earlier and its time positive.
            day--;
            ofDay += NodaConstants.NanosecondsPerDay;
        }

        return ((int)(((day % 7) + 10) % 7), ofDay);
    }

    private void Sla(SlaTargetKind kind, int dimension, int id, bool met)
    {
        var outcomes = _sla[((int)kind * Dimensions) + dimension];
        while (outcomes.Count <= id)
        {
            outcomes.Add(default);
        }

        ref var entry = ref CollectionsMarshal.AsSpan(outcomes)[id];
        entry = met ? (entry.Met + 1, entry.Breached) : (entry.Met, entry.Breached + 1);
    }

    // "P1", "P2"... made once per level rather than once per incident.
    private string PriorityName(Prioritization.Priority priority)
    {
        ref var name = ref CollectionsMarshal.GetValueRefOrAddDefault(_priorityNames, priority.Level, out _);
        return name ??= priority.ToString();
    }

    private TrendBucket TrendOf(Instant at)
    {
        var ticks = at.ToUnixTimeTicks();
        int low = 0, high = _trendStarts.Length - 1;
        while (low < high)
        {
            var mid = (low + high + 1) >> 1;
            if (_trendStarts[mid] <= ticks)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return _trend[low];
    }


    private bool InPeriod(Instant at) => at >= _start && at < _end;

    private LocalDate BucketOf(Instant at)
    {
        var date = at.InZone(_options.Zone).Date;
        return _options.Granularity == ReportGranularity.Month
            ? date.With(DateAdjusters.StartOfMonth)
            : date.With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
    }

    private LocalDate Next(LocalDate bucket) =>
        _options.Granularity == ReportGranularity.Month ? bucket.PlusMonths(1) : bucket.PlusWeeks(1);

    // One dimension's distinct values, numbered in order of appearance, with how many cohort incidents had each.
    private sealed class DimensionValues
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);

        public List<string> Names { get; } = [];

        public List<int> Counts { get; } = [];

        // Counts one incident with this value; returns the value's number.
        public int Count(string value)
        {
            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, value, out var exists);
            if (!exists)
            {
                id = Names.Count;
                Names.Add(value);
                Counts.Add(0);
            }

            CollectionsMarshal.AsSpan(Counts)[id]++;
            return id;
        }
    }

    private sealed class TrendBucket
    {
        public int Opened;
        public int Resolved;
        public Int128 TtaSum;
        public int TtaCount;
        public Int128 TtrSum;
        public int TtrCount;
        public int Pages;
        public int SlaMet;
        public int SlaBreached;
    }

    private sealed class LongList
    {
        private long[] _items = new long[64];
        private int _count;

        public void Add(long value)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            _items[_count++] = value;
        }

        // Selection reorders the values in place, which is harmless (their order means nothing) and spares a copy of the largest
        // thing a report keeps (8 MB per set at a million incidents).
        public DurationStatistics Statistics() => DurationStatistics.FromTicks(_items, _count);
    }
}
