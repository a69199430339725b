using IncidentKit.Communication;
using NodaTime;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public class NotificationTemplatesTests
{
    private static readonly Uri Link = new("https://ops.example.com/incidents/42");

    [Fact]
    public void Render_Opened_ReadsWellWithIncidentFields()
    {
        var incident = OpenP1();

        var text = NotificationTemplates.Default.Render(incident, incident.Events[0], "email", Link);

        Assert.Equal("[P1] New incident: Checkout fails for EU customers", text.Subject);
        Assert.Equal(
            "alice opened a P1 incident at 2026-06-15 10:07 UTC.\nHTTP 502 from the payment gateway\n\n" +
            "State: New · Priority: P1 · Service: payments\nhttps://ops.example.com/incidents/42", text.Body);
    }

    [Fact]
    public void Render_StatusUpdate_ShowsTextAuthorAndState()
    {
        var incident = OpenP1();
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(2), Bob);
        incident.PostStatusUpdate("Gateway vendor engaged; failover in progress.", Audience.External, OpenedAt + Duration.FromMinutes(20), Bob);

        var text = NotificationTemplates.Default.Render(incident, incident.Events[^1], "email", null);

        Assert.Equal("[P1] Status update: Checkout fails for EU customers", text.Subject);
        Assert.StartsWith("Gateway vendor engaged; failover in progress.\n\nPosted by bob at 2026-06-15 10:27 UTC.", text.Body, StringComparison.Ordinal);
        Assert.Contains("State: Acknowledged", text.Body, StringComparison.Ordinal);
        Assert.EndsWith("n/a", text.Body, StringComparison.Ordinal); // no link configured
    }

    [Fact]
    public void Render_ExecutiveSummary_ShowsAgeAndOwner()
    {
        var incident = OpenP1();

        var text = NotificationTemplates.Default.Render(incident, NotificationEventKinds.ExecutiveSummary, "email", Link,
            OpenedAt + Duration.FromMinutes(85));

        Assert.Equal("[P1] Executive summary: Checkout fails for EU customers", text.Subject);
        Assert.Contains("Open for 1 h 25 min (since 2026-06-15 10:07 UTC).", text.Body, StringComparison.Ordinal);
        Assert.Contains("Owner: n/a · Group: payments-oncall", text.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_ChannelSpecificTemplate_WinsOverKindDefaultAndFallback()
    {
        var templates = new NotificationTemplatesBuilder()
            .Set("opened", "chat", ":rotating_light: {priority} {title}", "{link}")
            .Set(NotificationTemplates.AnyKind, "chat", "{event}: {title}", "")
            .Build();
        var incident = OpenP1();

        Assert.Equal(":rotating_light: P1 Checkout fails for EU customers", templates.Render(incident, incident.Events[0], "chat", Link).Subject);
        Assert.Equal("[P1] New incident: Checkout fails for EU customers", templates.Render(incident, incident.Events[0], "email", Link).Subject);
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(1), Bob);
        Assert.Equal("[P1] Acknowledged: Checkout fails for EU customers", templates.Render(incident, incident.Events[^1], "chat", Link).Subject);
        incident.AddWorkNote("looking at the gateway", OpenedAt + Duration.FromMinutes(2), Bob);
        Assert.Equal("Work note added: Checkout fails for EU customers", templates.Render(incident, incident.Events[^1], "chat", Link).Subject);
    }

    [Fact]
    public void Build_BadTemplatesAndKinds_ListsEveryProblem()
    {
        var builder = new NotificationTemplatesBuilder()
            .Set("opened", "email", "{titel}", "ok")
            .Set("no-such-kind", "email", "fine", "fine")
            .Set("resolved", "email", "fine", "unclosed {title");

        var ex = Assert.Throws<ConfigurationValidationException>(builder.Build);

        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.Contains("'{titel}'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("'no-such-kind'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("without a closing", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_DoubledBraces_WriteLiteralBraces()
    {
        var template = new NotificationTemplate("{{{priority}}}", "}}{{");

        var text = template.Render(new Dictionary<string, string?> { ["priority"] = "P2" });

        Assert.Equal("{P2}", text.Subject);
        Assert.Equal("}{", text.Body);
    }

    [Fact]
    public void Default_HasTemplateForEveryStateChangeAndSlaKind()
    {
        foreach (var kind in NotificationEventKinds.StateChanges.Concat(["sla-warning-reached", "sla-breached", "status-update-posted", "status-update-due"]))
        {
            Assert.NotSame(NotificationTemplates.Default.Find(NotificationTemplates.AnyKind, "x"), NotificationTemplates.Default.Find(kind, "email"));
        }
    }
}
