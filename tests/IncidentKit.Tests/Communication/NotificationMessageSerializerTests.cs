using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public class NotificationMessageSerializerTests
{
    [Fact]
    public void Serialize_BundleWithEveryField_RoundTrips()
    {
        var item = new NotificationMessage("email", Tenant, IncidentId.New(), "sla-breached", [Recipient.ForUser(Bob)], "[P1] SLA breached",
            "body", new Uri("https://ops.example.com/incidents/1"), Priority.P1, "k1", OpenedAt);
        var bundle = new NotificationMessage("email", Tenant, null, NotificationEventKinds.Bundle, [Recipient.ForUser(Bob)], "2 notifications",
            "list", null, Priority.P1, "bundle/abc", OpenedAt + Duration.FromMinutes(1), [item, item]);

        var copy = NotificationMessageSerializer.Deserialize(NotificationMessageSerializer.Serialize(bundle));

        Assert.Equal(NotificationMessageSerializer.Serialize(bundle), NotificationMessageSerializer.Serialize(copy));
        Assert.True(copy.IsBundle);
        Assert.Null(copy.Incident);
        Assert.Equal(item.Incident, copy.Bundled[1].Incident);
        Assert.Equal([Recipient.ForUser(Bob)], copy.Bundled[0].Recipients);
        Assert.Equal(item.Link, copy.Bundled[0].Link);
        Assert.Equal(OpenedAt, copy.Bundled[0].CreatedAt);
    }

    [Fact]
    public void Deserialize_BadRecipient_ThrowsJsonException()
    {
        var json = NotificationMessageSerializer.Serialize(new NotificationMessage("email", Tenant, null, "opened", [Recipient.ForUser(Bob)], "s", "b",
            null, Priority.P2, "k", OpenedAt)).Replace("user:bob", "robot:bob", StringComparison.Ordinal);

        Assert.Throws<System.Text.Json.JsonException>(() => NotificationMessageSerializer.Deserialize(json));
    }

    [Theory]
    [InlineData("user:alice", RecipientKind.User, "alice")]
    [InlineData("group:db-oncall", RecipientKind.Group, "db-oncall")]
    [InlineData("address:cto@example.com", RecipientKind.Address, "cto@example.com")]
    [InlineData("address:a:b", RecipientKind.Address, "a:b")]
    public void RecipientParse_TextForm_RoundTrips(string text, RecipientKind kind, string value)
    {
        var recipient = Recipient.Parse(text);

        Assert.Equal((kind, value), (recipient.Kind, recipient.Value));
        Assert.Equal(text, recipient.ToString());
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("user:")]
    [InlineData("team:x")]
    public void RecipientParse_Malformed_Throws(string text) => Assert.Throws<FormatException>(() => Recipient.Parse(text));
}
