using IncidentKit.Alerts;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

public sealed class AlertGroupTests
{
    private static readonly TenantId Acme = new("acme");
    private static readonly Instant T0 = Instant.FromUtc(2026, 6, 1, 10, 0);

    private static Alert Firing(string key) => new()
    {
        Integration = "alertmanager",
        Key = key,
        Status = AlertStatus.Firing,
        StartsAt = T0,
        Summary = "Disk full on db-1",
        Labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["service"] = "db" },
        GeneratorUrl = "http://prometheus/graph",
    };

    [Fact]
    public void Receive_FirstFiringThenResendThenResolve_OpensLinksOnceAndResolvesAfterHoldDown()
    {
        var options = new AlertIntakeOptions { HoldDown = Duration.FromMinutes(5) };
        var table = AlertRoutingTable.Build([new AlertRoute { Name = "db", Matchers = ["service=\"db\""], Impact = Impact.High, Urgency = Urgency.High, GroupBy = ["alertname"] }]);
        var alert = Firing("fp-1");
        var route = table.Route(alert, Acme);
        var group = new AlertGroup(Acme, AlertRoutingTable.GroupKey(route, alert));

        var opened = group.Receive(alert, route, T0, SilenceSet.Empty, options);
        var resent = group.Receive(alert, route, T0 + Duration.FromMinutes(1), SilenceSet.Empty, options);
        var resolved = group.Receive(alert with { Status = AlertStatus.Resolved }, route, T0 + Duration.FromMinutes(2), SilenceSet.Empty, options);
        var due = group.NextCheckAt(options);
        var ticked = group.Tick(T0 + Duration.FromMinutes(7), SilenceSet.Empty, options);

        Assert.Equal([AlertGroupActionKind.Open, AlertGroupActionKind.Link], opened.Select(a => a.Kind));
        Assert.Equal("Disk full on db-1", opened[0].NewIncident!.Title);
        Assert.Equal("monitoring:alertmanager", opened[0].NewIncident!.Source);
        Assert.Equal(Impact.High, opened[0].NewIncident!.Impact);
        Assert.Equal("alertmanager:fp-1", opened[1].AlertKey);
        Assert.Equal(opened[0].Incident, opened[1].Incident);
        Assert.Equal(1, group.Generation);
        Assert.Empty(resent);
        Assert.Empty(resolved);
        Assert.Equal(T0 + Duration.FromMinutes(7), due);
        Assert.Equal(AlertGroupActionKind.Resolve, Assert.Single(ticked).Kind);
        Assert.Equal(opened[0].Incident, ticked[0].Incident);
    }

    [Fact]
    public void Receive_SilencedAlert_OpensOnlyWhenTheWindowEnds()
    {
        var options = new AlertIntakeOptions();
        var alert = Firing("fp-2");
        var route = AlertRoutingTable.Empty.Route(alert, Acme);
        var silences = new SilenceSet([MaintenanceWindow.Once("deploy", Acme, ["service=\"db\""], T0, T0 + Duration.FromHours(1), new UserId("user:ops"), "deploy")]);
        var group = new AlertGroup(Acme, AlertRoutingTable.GroupKey(route, alert));

        Assert.Empty(group.Receive(alert, route, T0, silences, options));
        Assert.Equal(T0 + Duration.FromHours(1), group.NextCheckAt(options));
        Assert.Equal(AlertGroupActionKind.Open, group.Tick(T0 + Duration.FromHours(1), silences, options)[0].Kind);
    }

    [Fact]
    public void Constructor_UnsetTenantOrEmptyKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new AlertGroup(default, "g"));
        Assert.Throws<ArgumentException>(() => new AlertGroup(Acme, ""));
    }
}
