using System.Text;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

public sealed class AlertParserTests
{
    private static ReadOnlyMemory<byte> Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void AlertmanagerParse_CapturedFiring_ReadsEveryField()
    {
        var n = AlertmanagerWebhook.Parse(Utf8(AlertPayloads.AlertmanagerFiring));

        Assert.Equal(("4", "{}:{alertname=\"ApiTest\"}", 0, AlertStatus.Firing, "hook", "http://127.0.0.1:9093"),
            (n.Version, n.GroupKey, n.TruncatedAlerts, n.Status, n.Receiver, n.ExternalUrl));
        Assert.Equal("ApiTest", n.GroupLabels["alertname"]);
        Assert.Equal("api", n.CommonLabels["service"]);
        Assert.Equal("API answers 5xx", n.CommonAnnotations["summary"]);
        var a = Assert.Single(n.Alerts);
        Assert.Equal(("eadaa8efa93763ff", AlertStatus.Firing, "API answers 5xx", "critical", "http://127.0.0.1:9090/graph?g0.expr=up"),
            (a.Key, a.Status, a.Summary, a.Severity, a.GeneratorUrl));
        Assert.Equal(Instant.FromUtc(2026, 12, 6, 21, 58, 36).PlusNanoseconds(798_491_970), a.StartsAt);
        Assert.Null(a.EndsAt);
        Assert.Equal(n.GroupKey, a.SenderGroupKey);
    }

    [Fact]
    public void AlertmanagerParse_Resolved_KeepsStartAndReadsEnd()
    {
        var a = Assert.Single(AlertmanagerWebhook.Parse(Utf8(AlertPayloads.AlertmanagerResolved)).Alerts);

        Assert.Equal(AlertStatus.Resolved, a.Status);
        Assert.Equal(Instant.FromUtc(2026, 12, 6, 21, 59, 40) + Duration.FromMilliseconds(100), a.EndsAt);
        Assert.Equal(AlertReceived.DedupKeyOf(a with { Status = AlertStatus.Firing }),
            AlertReceived.DedupKeyOf(Assert.Single(AlertmanagerWebhook.Parse(Utf8(AlertPayloads.AlertmanagerFiring)).Alerts)));
    }

    [Theory]
    [InlineData("{\"version\":\"3\"}", "/version")]
    [InlineData("[1]", "")]
    [InlineData("{\"version\":4}", "/version")]
    [InlineData("{\"version\":\"4\",\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":[]}", "/groupKey")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"burning\",\"receiver\":\"r\",\"alerts\":[]}", "/status")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":{}}", "/alerts")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"yesterday\",\"fingerprint\":\"f\"}]}", "/alerts/0/startsAt")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":[{\"status\":\"firing\",\"labels\":{\"a\":1},\"startsAt\":\"2026-01-01T00:00:00Z\",\"fingerprint\":\"f\"}]}", "/alerts/0/labels/a")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"status\":\"firing\",\"receiver\":\"r\",\"alerts\":[{\"status\":\"firing\",\"labels\":{},\"startsAt\":\"2026-01-01T00:00:00Z\"}]}", "/alerts/0/fingerprint")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"truncatedAlerts\":-1}", "/truncatedAlerts")]
    [InlineData("{\"version\":\"4\",", "")]
    [InlineData("{\"version\":\"4\",\"version\":\"4\"}", "")]
    public void AlertmanagerParse_BadInput_ThrowsNamingTheField(string body, string field) =>
        Assert.Equal(field, Assert.Throws<AlertFormatException>(() => AlertmanagerWebhook.Parse(Utf8(body))).Field);

    [Fact]
    public void AlertmanagerParse_BodyOverLimit_ThrowsBeforeReading()
    {
        var body = new byte[AlertmanagerWebhook.DefaultMaxBytes + 1];

        var e = Assert.Throws<AlertFormatException>(() => AlertmanagerWebhook.Parse(body));

        Assert.Contains("1048577 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventsV2Parse_FullTrigger_ReadsEveryField()
    {
        var e = EventsV2.Parse(Utf8(AlertPayloads.EventsV2Trigger));

        Assert.Equal(("R0UT1NGKEY", EventsV2Action.Trigger, "srv01/disk", false), (e.RoutingKey, e.Action, e.DedupKey, e.DedupKeyGenerated));
        Assert.Equal(("Disk full on srv01", "srv01", "critical", "disk", "storage", "capacity"), (e.Summary, e.Source, e.Severity, e.Component, e.Group, e.Class));
        Assert.Equal(Instant.FromUtc(2026, 12, 6, 20, 0, 0) + Duration.FromMilliseconds(123), e.Timestamp);
        Assert.Contains("\"mounts\"", e.CustomDetails, StringComparison.Ordinal);
        Assert.Equal([new EventsV2Link("https://grafana/d/1", "Dashboard")], e.Links);
        Assert.Equal([new EventsV2Link("https://img/1.png", "graph", "https://grafana")], e.Images);
        Assert.Equal(("Zabbix", "https://zabbix/"), (e.Client, e.ClientUrl));
        var alert = e.ToAlert(Instant.FromUtc(2026, 12, 6, 21, 0));
        Assert.Equal((AlertStatus.Firing, "srv01/disk", "Disk full on srv01", "srv01"), (alert.Status, alert.Key, alert.Summary, alert.Labels["source"]));
    }

    [Fact]
    public void EventsV2Parse_TriggerWithoutDedupKey_GeneratesOne()
    {
        var e = EventsV2.Parse(Utf8("""{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}"""));

        Assert.True(e.DedupKeyGenerated);
        Assert.Equal(32, e.DedupKey.Length);
    }

    [Theory]
    [InlineData("""{"event_action":"trigger"}""", "/routing_key")]
    [InlineData("""{"routing_key":"k","event_action":"escalate"}""", "/event_action")]
    [InlineData("""{"routing_key":"k","event_action":"resolve"}""", "/dedup_key")]
    [InlineData("""{"routing_key":"k","event_action":"trigger"}""", "/payload")]
    [InlineData("""{"routing_key":"k","event_action":"trigger","payload":{"source":"h","severity":"info"}}""", "/payload/summary")]
    [InlineData("""{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"fatal"}}""", "/payload/severity")]
    [InlineData("""{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info","timestamp":"now"}}""", "/payload/timestamp")]
    [InlineData("""{"routing_key":"k","event_action":"trigger","links":[{"text":"x"}],"payload":{"summary":"s","source":"h","severity":"info"}}""", "/links/0/href")]
    [InlineData("""{"routing_key":7,"event_action":"trigger"}""", "/routing_key")]
    public void EventsV2Parse_BadInput_ThrowsNamingTheField(string body, string field) =>
        Assert.Equal(field, Assert.Throws<AlertFormatException>(() => EventsV2.Parse(Utf8(body))).Field);

    [Fact]
    public void EventsV2Parse_DedupKeyOver255_Throws()
    {
        var body = $$"""{"routing_key":"k","event_action":"resolve","dedup_key":"{{new string('x', 256)}}"}""";

        Assert.Equal("/dedup_key", Assert.Throws<AlertFormatException>(() => EventsV2.Parse(Utf8(body))).Field);
    }

    [Fact]
    public void GenericParse_GrafanaLikeBody_MapsByPointers()
    {
        var mapping = new GenericWebhookMapping("grafana", key: "/ruleId", status: "/state", summary: "/title", labels: "/tags");
        var at = Instant.FromUtc(2026, 12, 6, 21, 0);

        var a = mapping.Parse(Utf8(AlertPayloads.GenericGrafana), at);

        Assert.Equal(("grafana", "42", AlertStatus.Firing, "Checkout latency", "warning", at), (a.Integration, a.Key, a.Status, a.Summary, a.Severity, a.StartsAt));
        Assert.Equal("checkout", a.Labels["service"]);
    }

    [Theory]
    [InlineData("""{"state":"alerting","title":"t"}""", "/ruleId")]
    [InlineData("""{"ruleId":1,"state":"exploded","title":"t"}""", "/state")]
    [InlineData("""{"ruleId":{},"state":"ok","title":"t"}""", "/ruleId")]
    [InlineData("""{"ruleId":1,"state":"ok","title":"t","tags":[1]}""", "/tags")]
    public void GenericParse_BadInput_ThrowsNamingThePointer(string body, string field)
    {
        var mapping = new GenericWebhookMapping("grafana", key: "/ruleId", status: "/state", summary: "/title", labels: "/tags");

        Assert.Equal(field, Assert.Throws<AlertFormatException>(() => mapping.Parse(Utf8(body), Instant.FromUtc(2026, 1, 1, 0, 0))).Field);
    }

    [Fact]
    public void GenericWebhookMapping_InvalidPointer_Throws() =>
        Assert.Throws<ArgumentException>(() => new GenericWebhookMapping("g", key: "ruleId", status: "/s", summary: "/t"));
}
