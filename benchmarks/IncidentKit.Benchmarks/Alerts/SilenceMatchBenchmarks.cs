using BenchmarkDotNet.Attributes;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Benchmarks.Alerts;

/// <summary>Goal (issue 13, §6): matching an alert against 1 000 active silences/maintenance windows in at most 2 µs.</summary>
/// <remarks>1 000 windows of one tenant: 700 one-off windows with an equality matcher on <c>service</c> (175 services,
/// four windows each, one in force now), 150 weekly windows in Europe/London on <c>cluster</c>, and 150 with regex matchers
/// only: 50 on <c>instance</c> with a literal prefix and 100 on <c>alertname</c> with alternatives (<c>DiskFull-7|DiskSlow-7.*</c>),
/// which an index on equality matchers alone has to check for every alert. The alert's service has four windows, one in force. <see cref="SilencedUntil"/> is what the intake
/// asks for every firing alert (it follows overlapping windows to their end).</remarks>
[MemoryDiagnoser]
[MedianColumn]
public class SilenceMatchBenchmarks
{
    private static readonly TenantId Tenant = new("acme");
    private static readonly UserId Ops = new("user:ops");
    private readonly Instant _now = Instant.FromUtc(2026, 12, 7, 2, 0);
    private SilenceSet _set = null!;
    private IReadOnlyDictionary<string, string> _labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var windows = new List<MaintenanceWindow>();
        for (var i = 0; i < 700; i++)
        {
            var start = _now + Duration.FromHours(i % 4 == 0 ? -1 : i % 4);
            windows.Add(MaintenanceWindow.Once($"once-{i}", Tenant, [$"service=\"svc-{i / 4}\"", "severity!=\"critical\""], start, start + Duration.FromMinutes(90), Ops, "deploy"));
        }

        for (var i = 0; i < 150; i++)
        {
            windows.Add(MaintenanceWindow.Weekly($"weekly-{i}", Tenant, [$"cluster=\"c-{i}\""], london, [IsoDayOfWeek.Sunday], new LocalTime(1, 0), new LocalTime(3, 0), Ops, "patching"));
        }

        for (var i = 0; i < 50; i++)
        {
            windows.Add(MaintenanceWindow.Once($"regex-{i}", Tenant, [$"instance=~\"batch-{i}-.*\""], _now - Duration.FromHours(1), _now + Duration.FromHours(1), Ops, "batch"));
        }

        for (var i = 0; i < 100; i++)
        {
            windows.Add(MaintenanceWindow.Once($"alternatives-{i}", Tenant, [$"alertname=~\"DiskFull-{i}|DiskSlow-{i}.*\""], _now - Duration.FromHours(1), _now + Duration.FromHours(1), Ops, "disk work"));
        }

        _set = new SilenceSet(windows);
        _labels = new Dictionary<string, string>
        {
            ["alertname"] = "HighLatency", ["service"] = "svc-42", ["severity"] = "warning", ["cluster"] = "c-999", ["instance"] = "web-7:9100",
        };

        // Oracle: a plain scan of every window.
        var expected = windows.Where(w => w.Matches(_labels) && w.ActiveUntil(_now) is not null).Select(w => w.Id).ToList();
        var found = _set.FindOrNull(Tenant, _labels, _now);
        if (windows.Count != 1000 || expected.Count != 1 || found?.Id != expected[0] || _set.SilencedUntil(Tenant, _labels, _now) != windows.Single(w => w.Id == expected[0]).ActiveUntil(_now))
        {
            throw new InvalidOperationException($"The set found {found?.Id}, a scan found {string.Join(",", expected)}.");
        }
    }

    /// <summary>Finds the window that silences the alert now.</summary>
    [Benchmark(Baseline = true)]
    public MaintenanceWindow? FindOrNull() => _set.FindOrNull(Tenant, _labels, _now);

    /// <summary>Finds until when the alert stays silenced (what the intake asks per firing alert).</summary>
    [Benchmark]
    public Instant? SilencedUntil() => _set.SilencedUntil(Tenant, _labels, _now);
}
