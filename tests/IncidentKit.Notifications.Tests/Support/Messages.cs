using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Notifications.Tests.Support;

internal static class Messages
{
    internal static readonly TenantId Tenant = new("acme");
    internal static readonly IncidentId Incident = new(new Guid("0190f5a4-1111-7000-8000-000000000042"));
    internal static readonly Instant At = Instant.FromUtc(2026, 6, 15, 10, 7);

    internal static NotificationMessage Create(string key, string channel = "webhook", Recipient? recipient = null, string subject = "[P1] SLA breached: response - Checkout fails",
        Priority? priority = null, IncidentId? incident = null) =>
        new(channel, Tenant, incident ?? Incident, "sla-breached", [recipient ?? Recipient.ForUser(new UserId("bob"))], subject,
            "The response target of this P1 incident was missed at 2026-06-15 10:22 UTC.", new Uri($"https://ops.example.com/incidents/{(incident ?? Incident).Value}"),
            priority ?? Priority.P1, key, At);
}
