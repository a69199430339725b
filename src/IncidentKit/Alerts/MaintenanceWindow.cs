using Ardalis.GuardClauses;
using IncidentKit.Guards;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Silences matching alerts for a one-off period or a recurring weekly window: recorded, never opening or paging.</summary>
/// <remarks>
/// <para>A one-off window covers <c>[start, end)</c>. A recurring window covers, on each listed weekday (and, when days of month
/// are given, only on those days of the month too), the local times <c>[from, to)</c> in its IANA zone; a <c>to</c> at or
/// before <c>from</c> ends on the next day, so a window may cross midnight. Local times that a daylight-saving change skips
/// map to the first instant after the gap, and times it repeats to their first occurrence, so a window is never lost on a DST
/// night. A recurring window starts no period at or after its expiry.</para>
/// <para>Who created the window and why are kept with it for the audit trail.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class MaintenanceWindow
{
    private readonly LabelMatcher[] _matchers;
    private readonly IsoDayOfWeek[] _days;
    private readonly int[] _daysOfMonth;

    private MaintenanceWindow(string id, TenantId tenant, IEnumerable<string> matchers, UserId createdBy, string reason,
        Interval? oneOff, DateTimeZone? zone, IsoDayOfWeek[] days, int[] daysOfMonth, LocalTime from, LocalTime to, Instant? expiresAt)
    {
        Id = Guard.Against.InvalidText(id, 128);
        Guard.Against.Unset(tenant);
        Guard.Against.Unset(createdBy);
        Reason = Guard.Against.InvalidText(reason, 1000);
        Guard.Against.Null(matchers);
        Tenant = tenant;
        CreatedBy = createdBy;
        _matchers = [.. matchers.Select(LabelMatcher.Parse)];
        if (_matchers.Length == 0)
        {
            throw new ArgumentException("A maintenance window needs at least one matcher; it would silence every alert otherwise.", nameof(matchers));
        }

        OneOff = oneOff;
        Zone = zone;
        _days = days;
        _daysOfMonth = daysOfMonth;
        From = from;
        To = to;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the window's id.</summary>
    public string Id { get; }

    /// <summary>Gets the tenant whose alerts it silences.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the matchers; an alert is silenced only when all match.</summary>
    public IReadOnlyList<LabelMatcher> Matchers => _matchers;

    /// <summary>Gets who created the window.</summary>
    public UserId CreatedBy { get; }

    /// <summary>Gets why.</summary>
    public string Reason { get; }

    /// <summary>Gets the one-off period, or <see langword="null"/> for a recurring window.</summary>
    public Interval? OneOff { get; }

    /// <summary>Gets the zone of a recurring window's local times.</summary>
    public DateTimeZone? Zone { get; }

    /// <summary>Gets the weekdays a recurring window starts on.</summary>
    public IReadOnlyList<IsoDayOfWeek> Days => _days;

    /// <summary>Gets the days of the month a recurring window is limited to; empty for every day.</summary>
    public IReadOnlyList<int> DaysOfMonth => _daysOfMonth;

    /// <summary>Gets the local time a recurring period starts.</summary>
    public LocalTime From { get; }

    /// <summary>Gets the local time a recurring period ends (on the next day when at or before <see cref="From"/>).</summary>
    public LocalTime To { get; }

    /// <summary>Gets when a recurring window stops starting periods, if ever.</summary>
    public Instant? ExpiresAt { get; }

    /// <summary>Creates a window over one period <c>[start, end)</c>.</summary>
    /// <param name="id">The window's id.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="matchers">The matchers in Alertmanager notation, at least one.</param>
    /// <param name="start">The start (inclusive).</param>
    /// <param name="end">The end (exclusive), after the start.</param>
    /// <param name="createdBy">Who created it.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentException">An argument is empty or unset, a matcher is invalid, or the end is not after the start.</exception>
    public static MaintenanceWindow Once(string id, TenantId tenant, IEnumerable<string> matchers, Instant start, Instant end, UserId createdBy, string reason)
    {
        if (end <= start)
        {
            throw new ArgumentException($"The end ({end}) must come after the start ({start}).", nameof(end));
        }

        return new(id, tenant, matchers, createdBy, reason, new Interval(start, end), null, [], [], default, default, null);
    }

    /// <summary>Creates a recurring weekly window in local time.</summary>
    /// <param name="id">The window's id.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="matchers">The matchers in Alertmanager notation, at least one.</param>
    /// <param name="zone">The zone of the local times.</param>
    /// <param name="days">The weekdays a period starts on, at least one.</param>
    /// <param name="from">The local start time.</param>
    /// <param name="to">The local end time; at or before <paramref name="from"/> ends on the next day.</param>
    /// <param name="createdBy">Who created it.</param>
    /// <param name="reason">Why.</param>
    /// <param name="daysOfMonth">The days of the month (1 to 31) a period may start on, or <see langword="null"/> for any.</param>
    /// <param name="expiresAt">When the window stops starting periods, if ever.</param>
    /// <returns>The window.</returns>
    /// <exception cref="ArgumentException">An argument is empty, unset or out of range, or a matcher is invalid.</exception>
    public static MaintenanceWindow Weekly(string id, TenantId tenant, IEnumerable<string> matchers, DateTimeZone zone, IEnumerable<IsoDayOfWeek> days,
        LocalTime from, LocalTime to, UserId createdBy, string reason, IEnumerable<int>? daysOfMonth = null, Instant? expiresAt = null)
    {
        Guard.Against.Null(zone);
        Guard.Against.Null(days);
        IsoDayOfWeek[] dayList = [.. days.Distinct()];
        if (dayList.Length == 0 || dayList.Any(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday))
        {
            throw new ArgumentException("Give at least one weekday, Monday to Sunday.", nameof(days));
        }

        int[] monthDays = [.. (daysOfMonth ?? []).Distinct()];
        if (monthDays.Any(d => d is < 1 or > 31))
        {
            throw new ArgumentOutOfRangeException(nameof(daysOfMonth), "Days of the month run from 1 to 31.");
        }

        return new(id, tenant, matchers, createdBy, reason, null, zone, dayList, monthDays, from, to, expiresAt);
    }

    /// <summary>Returns whether the window's matchers all match a label set (whatever the time).</summary>
    /// <param name="labels">The labels.</param>
    /// <returns><see langword="true"/> when every matcher matches.</returns>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var m in _matchers)
        {
            if (!m.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns when the period in force at an instant ends, or <see langword="null"/> when none is in force.</summary>
    /// <param name="at">The instant.</param>
    /// <returns>The end of the current period (exclusive), or <see langword="null"/>.</returns>
    public Instant? ActiveUntil(Instant at)
    {
        if (OneOff is { } once)
        {
            return once.Contains(at) ? once.End : null;
        }

        var local = at.InZone(Zone!).Date;

        // A period that started yesterday may cross midnight into today; one starting today may already run.
        Instant? end = null;
        for (var date = local.PlusDays(-1); date <= local; date = date.PlusDays(1))
        {
            if (Period(date) is { } p && p.Contains(at) && (end is null || p.End > end))
            {
                end = p.End;
            }
        }

        return end;
    }

    private Interval? Period(LocalDate date)
    {
        if (Array.IndexOf(_days, date.DayOfWeek) < 0 || (_daysOfMonth.Length > 0 && Array.IndexOf(_daysOfMonth, date.Day) < 0))
        {
            return null;
        }

        var start = Zone!.ResolveLocal(date.At(From), WallClock.FirstInstantAtOrAfter).ToInstant();
        if (ExpiresAt is { } expiry && start >= expiry)
        {
            return null;
        }

        var endDate = To <= From ? date.PlusDays(1) : date;
        var end = Zone.ResolveLocal(endDate.At(To), WallClock.FirstInstantAtOrAfter).ToInstant();
        return end > start ? new Interval(start, end) : null;
    }
}
