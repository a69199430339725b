using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentAlertLabelsTests
{
    [Fact]
    public void AlertLabels_TwoAlertsLinked_UnionWhereTheFirstLinkedWins()
    {
        var incident = Open();
        incident.LinkAlert("prom:a", "prometheus", At(-2), new Dictionary<string, string> { ["alertname"] = "PostgresDown", ["instance"] = "db-1" }, At(1), Alice);
        incident.LinkAlert("prom:b", "prometheus", At(-1), new Dictionary<string, string> { ["alertname"] = "PostgresLag", ["team"] = "dba" }, At(2), Alice);

        Assert.Equal(new Dictionary<string, string> { ["alertname"] = "PostgresDown", ["instance"] = "db-1", ["team"] = "dba" }, incident.AlertLabels);
        var first = incident.Events.OfType<AlertLinked>().First();
        Assert.Equal(At(-2), first.AlertStartsAt);
        Assert.Equal("db-1", first.AlertLabels["instance"]);
    }

    [Fact]
    public void AlertLabels_ReplayedFromEvents_AreTheSame()
    {
        var incident = Open();
        incident.LinkAlert("prom:a", "prometheus", null, new Dictionary<string, string> { ["alertname"] = "PostgresDown" }, At(1), Alice);

        var copy = Incident.FromHistory(incident.Events);

        Assert.Equal("PostgresDown", copy.AlertLabels["alertname"]);
    }

    [Fact]
    public void AlertLabels_LinkedWithoutLabels_IsEmpty()
    {
        var incident = Open();
        incident.LinkAlert("prom:a", "prometheus", At(1), Alice);

        Assert.Empty(incident.AlertLabels);
    }

    [Fact]
    public void LinkAlert_EmptyLabelName_ThrowsArgumentExceptionNamingAlertLabels()
    {
        var incident = Open();

        var ex = Assert.Throws<ArgumentException>(() =>
            incident.LinkAlert("prom:a", null, null, new Dictionary<string, string> { [""] = "x" }, At(1), Alice));

        Assert.Equal("alertLabels", ex.ParamName);
        Assert.Empty(incident.LinkedAlerts);
    }
}
