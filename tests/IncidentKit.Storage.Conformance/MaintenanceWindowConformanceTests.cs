using IncidentKit.Alerts;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage.Conformance;

/// <summary>States the maintenance window contract: windows kept per tenant with who created them and why, expired and deleted
/// with an audit entry each, written whole or not at all; and that the intake over the store silences with them.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class MaintenanceWindowConformanceTests<TFixture>(TFixture fixture) : StoreConformanceTests<TFixture>(fixture)
    where TFixture : class, IIncidentStoreFixture
{
    private static readonly UserId Ops = new("user:ops");

    /// <summary>Gets the window ports of the store under test.</summary>
    protected IMaintenanceWindowStore Windows => (IMaintenanceWindowStore)Incidents;

    private MaintenanceWindow Once(TenantId tenant, string id, string reason = "database upgrade") =>
        MaintenanceWindow.Once(id, tenant, ["service=\"api\"", "severity=~\"critical|warning\""], Now, Now + Duration.FromHours(2), Ops, reason);

    [Fact]
    public async Task AddMaintenanceWindowAsync_RoundTripsOneOffAndWeekly_RecordsWhoAndWhy()
    {
        var weekly = MaintenanceWindow.Weekly("nightly", TenantA, ["job=\"backup\""], DateTimeZoneProviders.Tzdb["Europe/London"],
            [IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], new LocalTime(23, 30), new LocalTime(1, 15), Actor, "weekend backups", [1, 15], Now + Duration.FromDays(90));

        Assert.True(await Windows.AddMaintenanceWindowAsync(Once(TenantA, "upgrade"), Now, Ct));
        Assert.True(await Windows.AddMaintenanceWindowAsync(weekly, Now, Ct));
        Assert.False(await Windows.AddMaintenanceWindowAsync(Once(TenantA, "upgrade", "again"), Now, Ct));

        var stored = await Windows.ListMaintenanceWindowsAsync(TenantA, Ct);
        Assert.Equal(["nightly", "upgrade"], stored.Select(w => w.Window.Id));
        var w = stored[0].Window;
        Assert.Equal((Now, (Instant?)null), (stored[0].CreatedAt, stored[0].ExpiredAt));
        Assert.Equal(("Europe/London", new LocalTime(23, 30), new LocalTime(1, 15), Now + Duration.FromDays(90)), (w.Zone!.Id, w.From, w.To, w.ExpiresAt!.Value));
        Assert.Equal([IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday], w.Days);
        Assert.Equal([1, 15], w.DaysOfMonth);
        Assert.Equal(["job=\"backup\""], w.Matchers.Select(m => m.ToString()));
        Assert.Equal((Actor, "weekend backups"), (w.CreatedBy, w.Reason));
        var once = stored[1].Window;
        Assert.Equal(new Interval(Now, Now + Duration.FromHours(2)), once.OneOff);
        Assert.Equal(["service=\"api\"", "severity=~\"critical|warning\""], once.Matchers.Select(m => m.ToString()));
        var audit = Assert.Single(await Windows.ListMaintenanceWindowAuditAsync(TenantA, 100, Ct), a => a.WindowId == "upgrade");
        Assert.Equal(new MaintenanceWindowAudit(TenantA, "upgrade", MaintenanceWindowChange.Created, Now, Ops, "database upgrade"), audit);
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_ExpireThenDelete_AuditsEachOnceAndStopsSilencing()
    {
        await Windows.AddMaintenanceWindowAsync(Once(TenantA, "upgrade"), Now, Ct);
        Clock.Advance(Duration.FromMinutes(10));
        var expire = new MaintenanceWindowAudit(TenantA, "upgrade", MaintenanceWindowChange.Expired, Now, Actor, "upgrade finished early");

        Assert.True(await Windows.EndMaintenanceWindowAsync(expire, Ct));
        Assert.False(await Windows.EndMaintenanceWindowAsync(expire with { Reason = "twice" }, Ct));
        var expired = Assert.Single(await Windows.ListMaintenanceWindowsAsync(TenantA, Ct));
        Assert.Equal(Now, expired.ExpiredAt);
        Assert.Empty(await Windows.ListLiveMaintenanceWindowsAsync(Ct));

        Clock.Advance(Duration.FromMinutes(1));
        var delete = new MaintenanceWindowAudit(TenantA, "upgrade", MaintenanceWindowChange.Deleted, Now, Actor, "clean-up");
        Assert.True(await Windows.EndMaintenanceWindowAsync(delete, Ct));
        Assert.False(await Windows.EndMaintenanceWindowAsync(delete, Ct));

        Assert.Empty(await Windows.ListMaintenanceWindowsAsync(TenantA, Ct));
        Assert.Equal([MaintenanceWindowChange.Created, MaintenanceWindowChange.Expired, MaintenanceWindowChange.Deleted],
            (await Windows.ListMaintenanceWindowAuditAsync(TenantA, 100, Ct)).Select(a => a.Change));
        Assert.Equal(delete, (await Windows.ListMaintenanceWindowAuditAsync(TenantA, 100, Ct))[2]);
    }

    [Fact]
    public async Task MaintenanceWindows_OtherTenant_NeitherSeesNorEndsThem()
    {
        await Windows.AddMaintenanceWindowAsync(Once(TenantA, "upgrade"), Now, Ct);
        Assert.True(await Windows.AddMaintenanceWindowAsync(Once(TenantB, "upgrade", "their own"), Now, Ct));

        Assert.False(await Windows.EndMaintenanceWindowAsync(new MaintenanceWindowAudit(TenantB, "missing", MaintenanceWindowChange.Deleted, Now, Actor, "x"), Ct));
        Assert.True(await Windows.EndMaintenanceWindowAsync(new MaintenanceWindowAudit(TenantB, "upgrade", MaintenanceWindowChange.Deleted, Now, Actor, "x"), Ct));

        var a = Assert.Single(await Windows.ListMaintenanceWindowsAsync(TenantA, Ct));
        Assert.Equal("database upgrade", a.Window.Reason);
        Assert.Empty(await Windows.ListMaintenanceWindowsAsync(TenantB, Ct));
        Assert.Single(await Windows.ListMaintenanceWindowAuditAsync(TenantA, 100, Ct));
        Assert.Equal(2, (await Windows.ListMaintenanceWindowAuditAsync(TenantB, 100, Ct)).Count);
        Assert.Equal([TenantA], (await Windows.ListLiveMaintenanceWindowsAsync(Ct)).Select(w => w.Window.Tenant));
    }

    [Fact]
    public async Task EndMaintenanceWindowAsync_BadChange_ThrowsNamingTheFieldAndWritesNothing()
    {
        await Windows.AddMaintenanceWindowAsync(Once(TenantA, "upgrade"), Now, Ct);

        var created = await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Windows.EndMaintenanceWindowAsync(new MaintenanceWindowAudit(TenantA, "upgrade", MaintenanceWindowChange.Created, Now, Actor, "x"), Ct));
        var noReason = await Assert.ThrowsAnyAsync<ArgumentException>(async () =>
            await Windows.EndMaintenanceWindowAsync(new MaintenanceWindowAudit(TenantA, "upgrade", MaintenanceWindowChange.Expired, Now, Actor, " "), Ct));

        Assert.Contains("Change", created.Message, StringComparison.Ordinal);
        Assert.Contains("Reason", noReason.Message, StringComparison.Ordinal);
        Assert.Single(await Windows.ListMaintenanceWindowAuditAsync(TenantA, 100, Ct));
        Assert.Null(Assert.Single(await Windows.ListMaintenanceWindowsAsync(TenantA, Ct)).ExpiredAt);
    }

    [Fact]
    public async Task MaintenanceWindowService_ExpiredEarlyWhileAlertFires_OpensIncidentThen()
    {
        var processor = new AlertProcessor((IAlertStore)Incidents, new IncidentService(Incidents, Clock), Clock,
            AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]));
        var service = new MaintenanceWindowService(Windows, processor, Clock);
        Assert.True(await service.CreateAsync(Once(TenantA, "upgrade"), Ct));
        await processor.ReceiveAsync(TenantA, [new Alert
        {
            Integration = "alertmanager", Key = "fp1", Status = AlertStatus.Firing, StartsAt = Now, Summary = "API down", Severity = "critical",
            Labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["service"] = "api", ["severity"] = "critical" },
        }], Ct);
        await processor.ProcessPendingAsync("test", 10, Ct);
        Clock.Advance(Duration.FromMinutes(20));
        await processor.CheckDueAsync(100, Ct);
        Assert.Empty((await Incidents.ListAsync(TenantA, new IncidentQuery(), Ct)).Items);

        Assert.True(await service.ExpireAsync(TenantA, "upgrade", Actor, "upgrade finished early", Ct));

        var opened = Assert.Single((await Incidents.ListAsync(TenantA, new IncidentQuery(), Ct)).Items);
        Assert.Equal("API down", opened.Title);
        Assert.Equal(MaintenanceWindowChange.Expired, (await service.AuditAsync(TenantA, 10, Ct))[^1].Change);
    }

    [Fact]
    public async Task RefreshSilencesAsync_WindowAddedThroughAnotherNode_SilencesHere()
    {
        var processor = new AlertProcessor((IAlertStore)Incidents, new IncidentService(Incidents, Clock), Clock);
        Assert.False(await processor.RefreshSilencesAsync(Ct));
        await Windows.AddMaintenanceWindowAsync(Once(TenantA, "upgrade"), Now, Ct);

        Assert.True(await processor.RefreshSilencesAsync(Ct));
        Assert.False(await processor.RefreshSilencesAsync(Ct));

        var labels = new Dictionary<string, string> { ["service"] = "api", ["severity"] = "critical" };
        Assert.Equal("upgrade", processor.Silences.FindOrNull(TenantA, labels, Now)?.Id);
        Assert.Null(processor.Silences.FindOrNull(TenantB, labels, Now));
    }
}
