using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public class CommunicationEventsTests
{
    [Fact]
    public void PostStatusUpdate_OpenIncident_RecordsEventWithAuthorAndAudience()
    {
        var incident = OpenP1();
        var at = OpenedAt + Duration.FromMinutes(10);

        incident.PostStatusUpdate("Failover started.", Audience.External, at, Bob);

        var e = Assert.IsType<StatusUpdatePosted>(incident.PendingEvents[^1]);
        Assert.Equal(("Failover started.", Audience.External, Bob, at), (e.Text, e.Audience, e.Actor, e.At));
        Assert.Equal(at, incident.LastChangedAt);
        Assert.Contains(IncidentCommand.PostStatusUpdate, incident.PermittedCommands(at));
    }

    [Fact]
    public void PostStatusUpdate_Resolved_IsAllowedForTheLastWord()
    {
        var incident = OpenP1();
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(1), Bob);
        incident.Resolve("fixed", "Failover complete.", OpenedAt + Duration.FromMinutes(30), Bob);

        incident.PostStatusUpdate("Resolved; monitoring for an hour.", Audience.External, OpenedAt + Duration.FromMinutes(31), Bob);

        Assert.IsType<StatusUpdatePosted>(incident.Events[^1]);
        Assert.Equal(IncidentState.Resolved, incident.State);
    }

    [Fact]
    public void PostStatusUpdate_Closed_Throws()
    {
        var incident = OpenP1();
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(1), Bob);
        incident.Resolve("fixed", "Failover complete.", OpenedAt + Duration.FromMinutes(30), Bob);
        incident.Close(OpenedAt + Duration.FromMinutes(40), Bob);

        var ex = Assert.Throws<InvalidIncidentTransitionException>(() =>
            incident.PostStatusUpdate("too late", Audience.External, OpenedAt + Duration.FromMinutes(41), Bob));
        Assert.Equal(IncidentCommand.PostStatusUpdate, ex.Command);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void PostStatusUpdate_EmptyText_Throws(string text) =>
        Assert.ThrowsAny<ArgumentException>(() => OpenP1().PostStatusUpdate(text, Audience.Internal, OpenedAt, Bob));

    [Fact]
    public void RecordNotificationDelivered_Twice_RecordsOnceWithStableId()
    {
        var incident = OpenP1();
        incident.RecordNotificationDelivered("email", "k1", 1, OpenedAt + Duration.FromMinutes(1));
        incident.RecordNotificationDelivered("email", "k1", 2, OpenedAt + Duration.FromMinutes(2));

        var delivered = Assert.Single(incident.Events.OfType<NotificationDelivered>());
        var replayed = Incident.FromHistory(incident.Events);
        replayed.RecordNotificationDelivered("email", "k1", 1, OpenedAt + Duration.FromMinutes(3));
        Assert.Empty(replayed.PendingEvents);
        Assert.Equal(1, delivered.Attempt);
    }

    [Fact]
    public void RecordNotificationFailed_EachAttemptOnce_AllowedAfterClose()
    {
        var incident = OpenP1();
        incident.Acknowledge(OpenedAt + Duration.FromMinutes(1), Bob);
        incident.Resolve("fixed", "ok", OpenedAt + Duration.FromMinutes(2), Bob);
        incident.Close(OpenedAt + Duration.FromMinutes(3), Bob);

        incident.RecordNotificationFailed("webhook", "k1", 1, "HTTP 503", willRetry: true, OpenedAt + Duration.FromMinutes(4));
        incident.RecordNotificationFailed("webhook", "k1", 1, "HTTP 503", willRetry: true, OpenedAt + Duration.FromMinutes(4));
        incident.RecordNotificationFailed("webhook", "k1", 2, "HTTP 503", willRetry: false, OpenedAt + Duration.FromMinutes(5));

        Assert.Equal([1, 2], incident.Events.OfType<NotificationFailed>().Select(f => f.Attempt));
        Assert.Equal(IncidentState.Closed, incident.State);
    }

    [Fact]
    public void RecordStatusUpdateDue_SameDueInstant_RecordsOnce()
    {
        var incident = OpenP1();
        var due = OpenedAt + Duration.FromMinutes(30);

        incident.RecordStatusUpdateDue(due, due - Duration.FromMinutes(5));
        incident.RecordStatusUpdateDue(due, due - Duration.FromMinutes(4));

        Assert.Equal(due, Assert.Single(incident.Events.OfType<StatusUpdateDue>()).DueAt);
    }

    [Fact]
    public void RecordExecutiveSummaryDue_SameSlot_RecordsOnceAndOtherSlotsApart()
    {
        var incident = OpenP1();
        var slot = OpenedAt + Duration.FromHours(1);

        incident.RecordExecutiveSummaryDue(slot, slot);
        incident.RecordExecutiveSummaryDue(slot, slot + Duration.FromMinutes(1));
        incident.RecordExecutiveSummaryDue(slot + Duration.FromHours(1), slot + Duration.FromHours(1));

        Assert.Equal([slot, slot + Duration.FromHours(1)], incident.Events.OfType<ExecutiveSummaryDue>().Select(e => e.DueAt));
    }

    public static TheoryData<IncidentEvent> CommunicationEvents() =>
    [
        new StatusUpdatePosted(Guid.CreateVersion7(), OpenedAt, Bob, "Failover started; next update 11:00.", Audience.External),
        new StatusUpdateDue(Guid.CreateVersion7(), OpenedAt, UserId.System, OpenedAt + Duration.FromMinutes(30)),
        new ExecutiveSummaryDue(Guid.CreateVersion7(), OpenedAt, UserId.System, OpenedAt + Duration.FromHours(1)),
        new NotificationDelivered(Guid.CreateVersion7(), OpenedAt, UserId.System, "email", "e1/email/user:bob", 2),
        new NotificationFailed(Guid.CreateVersion7(), OpenedAt, UserId.System, "webhook", "e1/webhook/group:ops", 3, "HTTP 503 Service Unavailable", true),
    ];

    [Theory]
    [MemberData(nameof(CommunicationEvents))]
    public void Serializer_CommunicationEvents_RoundTrip(IncidentEvent e)
    {
        var json = IncidentEventSerializer.Serialize(e);

        Assert.Equal(e, IncidentEventSerializer.Deserialize(json));
        Assert.Equal(e, IncidentEventSerializer.Deserialize(IncidentEventSerializer.SerializeToUtf8Bytes(e)));
        Assert.Contains($"\"type\":\"{NotificationEventKinds.Of(e)}\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serializer_StatusUpdatePosted_HasStableShape()
    {
        var e = new StatusUpdatePosted(new Guid("0190f5a4-0000-7000-8000-000000000001"), OpenedAt, Bob, "text", Audience.Internal);

        Assert.Equal(
            """{"type":"status-update-posted","text":"text","audience":"Internal","eventId":"0190f5a4-0000-7000-8000-000000000001","at":"2026-06-15T10:07:00Z","actor":"bob"}""",
            IncidentEventSerializer.Serialize(e));
    }
}
