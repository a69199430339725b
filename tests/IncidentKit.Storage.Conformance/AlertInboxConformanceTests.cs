using IncidentKit.Alerts;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the alert intake contract: an idempotent inbox claimed under leases, compare-and-set group state, hashed
/// integration keys, per tenant; and that the intake over the store opens each incident once however often it processes.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class AlertInboxConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly Duration Lease = Duration.FromSeconds(30);

    /// <summary>Gets the alert ports of the store under test.</summary>
    protected IAlertStore Alerts => (IAlertStore)Incidents;

    /// <summary>Returns a firing Alertmanager-style alert.</summary>
    /// <param name="key">The fingerprint.</param>
    /// <param name="startsAt">The start; <see langword="null"/> for now.</param>
    /// <param name="alertname">The alertname label.</param>
    /// <returns>The alert.</returns>
    protected Alert Firing(string key, Instant? startsAt = null, string alertname = "ApiDown") => new()
    {
        Integration = "alertmanager",
        Key = key,
        Status = AlertStatus.Firing,
        Labels = new Dictionary<string, string> { ["alertname"] = alertname, ["severity"] = "critical" },
        StartsAt = startsAt ?? Now.PlusNanoseconds(123),
        Summary = alertname + " fires",
        Severity = "critical",
    };

    [Fact]
    public async Task ReceiveAsync_SameReportTwice_KeepsOneRecordAndCountsOccurrences()
    {
        var alert = Firing("fp1");
        var first = await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, alert, Now), Ct);
        Clock.Advance(Duration.FromSeconds(5));

        var second = await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, alert, Now), Ct);

        Assert.Equal((true, 1L), (first.IsNew, first.Occurrences));
        Assert.Equal((first.Id, false, 2L), (second.Id, second.IsNew, second.Occurrences));
        var record = Assert.Single(await Alerts.ListReceivedAsync(TenantA, 100, Ct));
        Assert.Equal((alert, 2L, Now, false), (record.Alert with { Labels = alert.Labels, Annotations = alert.Annotations }, record.Occurrences, record.LastSeenAt, record.Processed));
        Assert.Equal(alert.Labels, record.Alert.Labels);
        Assert.Equal(alert.StartsAt, record.Alert.StartsAt);
    }

    [Fact]
    public async Task ReceiveAsync_OtherStatusStartOrTenant_IsAnotherRecord()
    {
        var alert = Firing("fp1");
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, alert, Now), Ct);
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, alert with { Status = AlertStatus.Resolved }, Now), Ct);
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, alert with { StartsAt = alert.StartsAt + Duration.FromSeconds(1) }, Now), Ct);
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantB, alert, Now), Ct);

        Assert.Equal(3, (await Alerts.ListReceivedAsync(TenantA, 100, Ct)).Count);
        Assert.Single(await Alerts.ListReceivedAsync(TenantB, 100, Ct));
        Assert.Empty(await Alerts.ListReceivedAsync(new TenantId("tenant-c"), 100, Ct));
    }

    [Fact]
    public async Task ClaimReceivedAsync_ClaimsOnceWhileLeased_AgainAfterExpiry_NeverAfterCompletion()
    {
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, Firing("fp1"), Now), Ct);
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantB, Firing("fp2"), Now + Duration.FromSeconds(1)), Ct);

        var first = await Alerts.ClaimReceivedAsync("node-1", Lease, 10, Ct);
        var none = await Alerts.ClaimReceivedAsync("node-2", Lease, 10, Ct);
        Clock.Advance(Lease);
        var again = await Alerts.ClaimReceivedAsync("node-2", Lease, 10, Ct);

        Assert.Equal(["fp1", "fp2"], first.Select(c => c.Received.Alert.Key));
        Assert.Empty(none);
        Assert.Equal(2, again.Count);
        Assert.False(await Alerts.CompleteReceivedAsync(first[0], Ct));
        Assert.True(await Alerts.CompleteReceivedAsync(again[0], Ct));
        Clock.Advance(Lease);
        var rest = await Alerts.ClaimReceivedAsync("node-3", Lease, 10, Ct);
        Assert.Equal("fp2", Assert.Single(rest).Received.Alert.Key);
        Assert.True((await Alerts.ListReceivedAsync(TenantA, 10, Ct))[0].Processed);
    }

    [Fact]
    public async Task CompleteAllReceivedAsync_ClaimsOfSeveralLeases_MarksOnlyThoseWhoseLeaseHolds()
    {
        for (var i = 0; i < 5; i++)
        {
            await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), i < 3 ? TenantA : TenantB, Firing($"fp{i}"), Now + Duration.FromSeconds(i)), Ct);
        }

        // Two claims by node-1 (two leases); then the first lease lapses and node-2 takes its records over.
        var lapsed = await Alerts.ClaimReceivedAsync("node-1", Lease, 2, Ct);
        Clock.Advance(Duration.FromSeconds(20));
        var held = await Alerts.ClaimReceivedAsync("node-1", Lease, 10, Ct);
        Clock.Advance(Duration.FromSeconds(15));
        var takenOver = await Alerts.ClaimReceivedAsync("node-2", Lease, 10, Ct);

        var completed = await Alerts.CompleteAllReceivedAsync([.. lapsed, .. held], Ct);

        Assert.Equal((2, 3, 2), (lapsed.Count, held.Count, takenOver.Count));
        Assert.Equal(3, completed);
        Assert.Equal(0, await Alerts.CompleteAllReceivedAsync([], Ct));
        Assert.Equal(2, await Alerts.CompleteAllReceivedAsync(takenOver, Ct));
        var all = (await Alerts.ListReceivedAsync(TenantA, 10, Ct)).Concat(await Alerts.ListReceivedAsync(TenantB, 10, Ct));
        Assert.All(all, r => Assert.True(r.Processed));
        Clock.Advance(Lease);
        Assert.Empty(await Alerts.ClaimReceivedAsync("node-3", Lease, 10, Ct));
    }

    [Fact]
    public async Task CompleteAllReceivedAsync_LeaseLapsed_MarksNothing()
    {
        await Alerts.ReceiveAsync(new AlertReceived(Guid.NewGuid(), TenantA, Firing("fp1"), Now), Ct);
        var claimed = await Alerts.ClaimReceivedAsync("node-1", Lease, 10, Ct);
        Clock.Advance(Lease);

        Assert.Equal(0, await Alerts.CompleteAllReceivedAsync(claimed, Ct));
        Assert.Single(await Alerts.ClaimReceivedAsync("node-2", Lease, 10, Ct));
    }

    [Fact]
    public async Task FindGroupVersionOrNullAsync_SavedGroups_ReadsEachTenantsVersion()
    {
        var v1 = new AlertGroupRecord(TenantA, "r|{alertname=\"ApiDown\"}", 1, """{"a":1}""", null);
        await Alerts.SaveGroupAsync(v1, 0, Ct);
        await Alerts.SaveGroupAsync(v1 with { Version = 2 }, 1, Ct);
        await Alerts.SaveGroupAsync(v1 with { Tenant = TenantB }, 0, Ct);

        Assert.Equal(2L, await Alerts.FindGroupVersionOrNullAsync(TenantA, v1.GroupKey, Ct));
        Assert.Equal(1L, await Alerts.FindGroupVersionOrNullAsync(TenantB, v1.GroupKey, Ct));
        Assert.Null(await Alerts.FindGroupVersionOrNullAsync(new TenantId("tenant-c"), v1.GroupKey, Ct));
        Assert.Null(await Alerts.FindGroupVersionOrNullAsync(TenantA, "another", Ct));
    }

    [Fact]
    public async Task SaveGroupAsync_ComparesAndSetsVersions_PerTenant()
    {
        var v1 = new AlertGroupRecord(TenantA, "r|{alertname=\"ApiDown\"}", 1, """{"a":1}""", Now + Duration.FromMinutes(5));

        Assert.True(await Alerts.SaveGroupAsync(v1, 0, Ct));
        Assert.False(await Alerts.SaveGroupAsync(v1, 0, Ct));
        Assert.True(await Alerts.SaveGroupAsync(v1 with { Version = 2, State = """{"a":2}""", NextCheckAt = null }, 1, Ct));
        Assert.False(await Alerts.SaveGroupAsync(v1 with { Version = 2 }, 1, Ct));
        Assert.True(await Alerts.SaveGroupAsync(v1 with { Tenant = TenantB }, 0, Ct));

        var stored = await Alerts.FindGroupOrNullAsync(TenantA, v1.GroupKey, Ct);
        Assert.Equal((2L, (Instant?)null), (stored!.Version, stored.NextCheckAt));
        Assert.Contains("2", stored.State, StringComparison.Ordinal);
        Assert.Null(await Alerts.FindGroupOrNullAsync(new TenantId("tenant-c"), v1.GroupKey, Ct));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Alerts.SaveGroupAsync(v1 with { Version = 5 }, 1, Ct));
    }

    [Fact]
    public async Task SaveGroupAsync_Entries_ReplacesThoseGivenKeepsTheRestAndReadsAllBack()
    {
        var v1 = new AlertGroupRecord(TenantA, "r|{alertname=\"ApiDown\"}", 1, """{"a":1}""", null)
        {
            Entries = new Dictionary<string, string> { ["fp1"] = """{"s":"firing"}""", ["fp2"] = """{"s":"firing"}""" },
        };

        Assert.True(await Alerts.SaveGroupAsync(v1, 0, Ct));
        Assert.True(await Alerts.SaveGroupAsync(v1 with { Version = 2, Entries = new Dictionary<string, string> { ["fp2"] = """{"s":"resolved"}""", ["fp3"] = "{}" } }, 1, Ct));
        Assert.True(await Alerts.SaveGroupAsync(v1 with { Version = 3, State = """{"a":3}""", Entries = new Dictionary<string, string>() }, 2, Ct));

        var stored = await Alerts.FindGroupOrNullAsync(TenantA, v1.GroupKey, Ct);
        Assert.Equal((3L, """{"a":3}"""), (stored!.Version, stored.State));
        Assert.Equal(
            [("fp1", """{"s":"firing"}"""), ("fp2", """{"s":"resolved"}"""), ("fp3", "{}")],
            stored.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public async Task SaveGroupAsync_EntriesOfAStaleSave_WritesNoneOfThem()
    {
        var v1 = new AlertGroupRecord(TenantA, "g", 1, "{}", null) { Entries = new Dictionary<string, string> { ["fp1"] = "one" } };
        Assert.True(await Alerts.SaveGroupAsync(v1, 0, Ct));

        // A second first save and a save at a version that moved on: neither writes its entries.
        Assert.False(await Alerts.SaveGroupAsync(v1 with { Entries = new Dictionary<string, string> { ["fp1"] = "lost", ["fp9"] = "lost" } }, 0, Ct));
        Assert.True(await Alerts.SaveGroupAsync(v1 with { Version = 2 }, 1, Ct));
        Assert.False(await Alerts.SaveGroupAsync(v1 with { Version = 2, Entries = new Dictionary<string, string> { ["fp1"] = "lost", ["fp8"] = "lost" } }, 1, Ct));

        var stored = await Alerts.FindGroupOrNullAsync(TenantA, "g", Ct);
        Assert.Equal([("fp1", "one")], stored!.Entries.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public async Task FindGroupOrNullAsync_EntriesOfOtherGroupsAndTenants_AreNotMixedIn()
    {
        Dictionary<string, string> One(string key, string text) => new() { [key] = text };
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantA, "g", 1, "{}", null) { Entries = One("fp1", "a-g") }, 0, Ct);
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantB, "g", 1, "{}", null) { Entries = One("fp1", "b-g") }, 0, Ct);
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantA, "g2", 1, "{}", null) { Entries = One("fp2", "a-g2") }, 0, Ct);
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantA, "h", 1, "{}", Now) { Entries = One("fp3", "a-h") }, 0, Ct);

        Assert.Equal([("fp1", "a-g")], (await Alerts.FindGroupOrNullAsync(TenantA, "g", Ct))!.Entries.Select(e => (e.Key, e.Value)));
        Assert.Equal([("fp1", "b-g")], (await Alerts.FindGroupOrNullAsync(TenantB, "g", Ct))!.Entries.Select(e => (e.Key, e.Value)));
        Assert.Equal([("fp2", "a-g2")], (await Alerts.FindGroupOrNullAsync(TenantA, "g2", Ct))!.Entries.Select(e => (e.Key, e.Value)));
        Assert.Empty(Assert.Single(await Alerts.ListDueGroupsAsync(Now, 10, Ct)).Entries);
    }

    [Fact]
    public async Task SaveGroupAsync_ThousandsOfEntriesInRounds_ReadsEachLatestEntryBack()
    {
        // A storm's group: 3 000 alerts arriving over rounds of 500, each round also changing 50 alerts seen before.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var round = 0; round < 6; round++)
        {
            var changed = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < 500; i++)
            {
                changed[$"fp{(round * 500) + i:D5}"] = $$$"""{"round":{{{round}}},"status":"firing","labels":{"instance":"web-{{{i}}}"}}""";
            }

            for (var i = 0; i < 50 && round > 0; i++)
            {
                changed[$"fp{((round - 1) * 500) + (i * 7):D5}"] = $$"""{"round":{{round}},"status":"resolved"}""";
            }

            foreach (var (key, text) in changed)
            {
                expected[key] = text;
            }

            Assert.True(await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantA, "storm", round + 1, $$"""{"round":{{round}}}""", null) { Entries = changed }, round, Ct));
        }

        var stored = await Alerts.FindGroupOrNullAsync(TenantA, "storm", Ct);
        Assert.Equal(3000, stored!.Entries.Count);
        Assert.All(expected, e => Assert.Equal(e.Value, stored.Entries[e.Key]));
    }

    [Fact]
    public async Task SaveGroupAsync_BadEntry_ThrowsNamingTheEntriesAndWritesNothing()
    {
        var group = new AlertGroupRecord(TenantA, "g", 1, "{}", null);

        foreach (var entries in new[]
        {
            new Dictionary<string, string> { [""] = "x" },
            new Dictionary<string, string> { [new string('k', Alert.MaxKeyLength + 1)] = "x" },
            new Dictionary<string, string> { ["fp1"] = "" },
        })
        {
            var e = await Assert.ThrowsAsync<ArgumentException>(async () => await Alerts.SaveGroupAsync(group with { Entries = entries }, 0, Ct));
            Assert.Equal("group.Entries", e.ParamName);
        }

        Assert.Null(await Alerts.FindGroupOrNullAsync(TenantA, "g", Ct));
    }

    [Fact]
    public async Task ListDueGroupsAsync_ReturnsGroupsWhoseCheckHasCome()
    {
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantA, "soon", 1, "{}", Now + Duration.FromMinutes(1)), 0, Ct);
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantB, "later", 1, "{}", Now + Duration.FromMinutes(10)), 0, Ct);
        await Alerts.SaveGroupAsync(new AlertGroupRecord(TenantA, "never", 1, "{}", null), 0, Ct);

        Assert.Empty(await Alerts.ListDueGroupsAsync(Now, 10, Ct));
        Assert.Equal(["soon"], (await Alerts.ListDueGroupsAsync(Now + Duration.FromMinutes(1), 10, Ct)).Select(g => g.GroupKey));
        Assert.Equal(["soon", "later"], (await Alerts.ListDueGroupsAsync(Now + Duration.FromHours(1), 10, Ct)).Select(g => g.GroupKey));
    }

    [Fact]
    public async Task FindIntegrationKeyOrNullAsync_StoredHash_FindsTenantAndSource()
    {
        var secret = IntegrationKey.NewSecret();
        await Alerts.SaveIntegrationKeyAsync(IntegrationKey.For(TenantA, "alertmanager", secret), Ct);

        var found = await Alerts.FindIntegrationKeyOrNullAsync(IntegrationKey.Hash(secret), Ct);

        Assert.Equal((TenantA, "alertmanager"), (found!.Tenant, found.Integration));
        Assert.NotEqual(secret, found.KeyHash);
        Assert.Null(await Alerts.FindIntegrationKeyOrNullAsync(IntegrationKey.Hash("guess"), Ct));
    }

    [Fact]
    public async Task ProcessPendingAsync_CrashBeforeProcessingAndRepeats_OpensEachIncidentOnce()
    {
        var service = new IncidentService(Incidents, Clock);
        var routes = AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]);
        var intake = new AlertProcessor(Alerts, service, Clock, routes);
        await intake.ReceiveAsync(TenantA, [Firing("fp1"), Firing("fp2"), Firing("fp3", alertname: "DiskFull")], Ct);

        // The node that answered 202 died; its claim lapses and a fresh processor over the same store does the work.
        await Alerts.ClaimReceivedAsync("dead", Lease, 10, Ct);
        Clock.Advance(Lease);
        await new AlertProcessor(Alerts, service, Clock, routes).ProcessPendingAsync("fresh", 100, Ct);
        await intake.ReceiveAsync(TenantA, [Firing("fp1"), Firing("fp3", alertname: "DiskFull")], Ct);
        await intake.ProcessPendingAsync("again", 100, Ct);

        var page = await Incidents.ListAsync(TenantA, IncidentQuery.Open, Ct);
        Assert.Equal(["ApiDown fires", "DiskFull fires"], page.Items.Select(i => i.Title).Order(StringComparer.Ordinal));
        var api = (await service.FindOrNullAsync(TenantA, page.Items.Single(i => i.Title == "ApiDown fires").Id, Ct))!;
        Assert.Equal(["alertmanager:fp1", "alertmanager:fp2"], api.LinkedAlerts.Order(StringComparer.Ordinal));
        Assert.Equal(3, api.Version);
        Assert.All(await Alerts.ListReceivedAsync(TenantA, 100, Ct), r => Assert.True(r.Processed));
    }
}
