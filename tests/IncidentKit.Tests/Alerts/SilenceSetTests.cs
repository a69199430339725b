using CsCheck;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

public sealed class SilenceSetTests
{
    private static readonly TenantId[] Tenants = [new("acme"), new("globex")];
    private static readonly UserId Ops = new("user:ops");
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly string[] Names = ["service", "cluster", "instance", "job"];
    private static readonly string[] Values = ["db", "db-1", "dbx", "web", "web-7:9100", "batch-1-x", "ab", "abc", "db|web", ""];

    // Equality texts and patterns chosen to hit every filing: exact values, single and multiple literal prefixes (nested ones
    // too), alternations inside groups, escapes and classes (not split), patterns that accept or refuse the empty value.
    private static readonly string[] Patterns =
    [
        "db.*", "db", "d.", "db|web", "(db|web)-1", "web-7:.*|batch-.*", ".*", "", "db-1|db", "ab|abc", "x?", "batch-1-.*",
        "[dw]b", "db\\|web", "d(b|x)", "db?", "(db)?", ".+", "web-7:9100|.*x",
    ];

    // Sundays around London's spring-forward (29 March 2026) and fall-back (25 October 2026) nights, and ordinary days.
    private static readonly Instant[] Anchors =
    [
        Instant.FromUtc(2026, 3, 28, 22, 0), Instant.FromUtc(2026, 3, 29, 0, 0), Instant.FromUtc(2026, 10, 24, 22, 0),
        Instant.FromUtc(2026, 10, 25, 0, 30), Instant.FromUtc(2026, 6, 1, 10, 0),
    ];

    private static readonly Gen<string> Matcher = Gen.Select(Gen.Int[0, Names.Length - 1], Gen.Int[0, 3], Gen.Int[0, Patterns.Length - 1], Gen.Int[0, Values.Length - 1],
        (name, op, pattern, value) => op switch
        {
            0 => $"{Names[name]}=\"{Values[value]}\"",
            1 => $"{Names[name]}!=\"{Values[value]}\"",
            2 => $"{Names[name]}=~\"{Patterns[pattern].Replace("\\", "\\\\", StringComparison.Ordinal)}\"",
            _ => $"{Names[name]}!~\"{Patterns[pattern].Replace("\\", "\\\\", StringComparison.Ordinal)}\"",
        });

    // One-off windows of up to 5 hours, or weekly London windows on a 15-minute grid that may cross midnight or a DST change.
    private static readonly Gen<Func<int, MaintenanceWindow>> Window = Gen.Select(
        Gen.Int[0, 1], Matcher.Array[1, 3], Gen.Int[0, 2], Gen.Int[-600, 600], Gen.Int[1, 300], Gen.Int[0, 95], Gen.Int[0, 95], Gen.Int[1, 7].Array[1, 3],
        (tenant, matchers, kind, offset, length, from, to, days) => new Func<int, MaintenanceWindow>(id => kind == 0
            ? MaintenanceWindow.Weekly($"w{id}", Tenants[tenant], matchers, London, days.Select(d => (IsoDayOfWeek)d), LocalTime.Midnight.PlusMinutes(from * 15),
                LocalTime.Midnight.PlusMinutes(to * 15), Ops, "r")
            : MaintenanceWindow.Once($"w{id}", Tenants[tenant], matchers, Anchors[Math.Abs(offset) % Anchors.Length] + Duration.FromMinutes(offset),
                Anchors[Math.Abs(offset) % Anchors.Length] + Duration.FromMinutes(offset + length), Ops, "r")));

    private static readonly Gen<Dictionary<string, string>> Labels = Gen.Int[0, Values.Length].Array[Names.Length].Select(picks =>
        Enumerable.Range(0, Names.Length).Where(i => picks[i] < Values.Length).ToDictionary(i => Names[i], i => Values[picks[i]]));

    [Fact]
    public void FindOrNullAndSilencedUntil_RandomWindowsAndAlerts_AgreeWithAScanOfEveryWindow()
    {
        Gen.Select(Window.Array[0, 40], Labels, Gen.Int[0, 1], Gen.Int[0, Anchors.Length - 1], Gen.Int[-300, 900]).Sample((makers, labels, tenant, anchor, minutes) =>
        {
            MaintenanceWindow[] windows = [.. makers.Select((make, i) => make(i))];
            var set = new SilenceSet(windows);
            var at = Anchors[anchor] + Duration.FromMinutes(minutes);
            var who = Tenants[tenant];
            Assert.Equal(Scan(windows, who, labels, at)?.Id, set.FindOrNull(who, labels, at)?.Id);
            Assert.Equal(ScanUntil(windows, who, labels, at), set.SilencedUntil(who, labels, at));
        }, iter: 3000);
    }

    [Fact]
    public void FindOrNull_SeveralWindowsSilence_ReturnsTheFirstGiven()
    {
        var t = Instant.FromUtc(2026, 6, 1, 10, 0);
        var labels = new Dictionary<string, string> { ["service"] = "db", ["job"] = "batch" };
        var set = new SilenceSet([
            MaintenanceWindow.Once("regex", Tenants[0], ["job=~\"ba.*\""], t, t + Duration.FromHours(1), Ops, "a"),
            MaintenanceWindow.Once("exact", Tenants[0], ["service=\"db\""], t, t + Duration.FromHours(2), Ops, "b"),
        ]);

        Assert.Equal("regex", set.FindOrNull(Tenants[0], labels, t)!.Id);
        Assert.Equal(t + Duration.FromHours(2), set.SilencedUntil(Tenants[0], labels, t));
    }

    [Fact]
    public void SilencedUntil_RegexWindowsWithAlternatives_FindsOnlyTheBranchThatMatches()
    {
        var t = Instant.FromUtc(2026, 6, 1, 10, 0);
        var set = new SilenceSet([
            MaintenanceWindow.Once("disk", Tenants[0], ["alertname=~\"DiskFull|DiskSlow.*\""], t, t + Duration.FromHours(1), Ops, "a"),
            MaintenanceWindow.Once("memory", Tenants[0], ["alertname=~\"Memory(Low|High)\""], t, t + Duration.FromHours(2), Ops, "b"),
        ]);

        Assert.Equal(t + Duration.FromHours(1), set.SilencedUntil(Tenants[0], new Dictionary<string, string> { ["alertname"] = "DiskSlowIO" }, t));
        Assert.Equal(t + Duration.FromHours(2), set.SilencedUntil(Tenants[0], new Dictionary<string, string> { ["alertname"] = "MemoryHigh" }, t));
        Assert.Null(set.SilencedUntil(Tenants[0], new Dictionary<string, string> { ["alertname"] = "MemoryFull" }, t));
        Assert.Null(set.SilencedUntil(Tenants[0], new Dictionary<string, string> { ["alertname"] = "Disk" }, t));
    }

    [Theory]
    [InlineData("batch-.*", "batch-")]
    [InlineData("DiskFull|DiskSlow.*", "DiskFull,DiskSlow")]
    [InlineData("ab|abc|x", "ab,x")]
    [InlineData("a(b|c)d|e", "a,e")]
    [InlineData("ab|.*", "")]
    [InlineData("db\\|web", "")]
    [InlineData("[|]x|y", "")]
    [InlineData("ab?|cd", "a,cd")]
    [InlineData("(db|web)-1", "")]
    [InlineData("a(?i)b|CD", "")]
    public void LiteralPrefixesOf_Pattern_EveryMatchStartsWithOne(string pattern, string expected)
    {
        Assert.Equal(expected, string.Join(",", LabelMatcher.LiteralPrefixesOf(pattern)));
    }

    private static MaintenanceWindow? Scan(MaintenanceWindow[] windows, TenantId tenant, Dictionary<string, string> labels, Instant at) =>
        windows.FirstOrDefault(w => w.Tenant == tenant && w.Matches(labels) && w.ActiveUntil(at) is not null);

    private static Instant? ScanUntil(MaintenanceWindow[] windows, TenantId tenant, Dictionary<string, string> labels, Instant at)
    {
        var matching = windows.Where(w => w.Tenant == tenant && w.Matches(labels)).ToList();
        Instant? until = null;
        var t = at;
        for (var hop = 0; hop < 64; hop++)
        {
            var next = matching.Select(w => w.ActiveUntil(t)).Where(e => e is not null).Max();
            if (next is null)
            {
                break;
            }

            until = next;
            t = next.Value;
        }

        return until;
    }
}
