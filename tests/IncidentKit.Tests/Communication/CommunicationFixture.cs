using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Tests.Communication;

internal static class CommunicationFixture
{
    internal static readonly TenantId Tenant = new("acme");
    internal static readonly UserId Alice = new("alice");
    internal static readonly UserId Bob = new("bob");
    internal static readonly Instant OpenedAt = Instant.FromUtc(2026, 6, 15, 10, 7);

    internal static Incident OpenP1(string service = "payments", string? category = "network/vpn", Instant? at = null) =>
        Open(Impact.High, Urgency.High, service, category, at);

    internal static Incident OpenP3(string service = "payments") => Open(Impact.Medium, Urgency.Medium, service, null, null);

    internal static Incident Open(Impact impact, Urgency urgency, string service, string? category, Instant? at) =>
        Incident.Open(IncidentId.New(), Tenant, new NewIncident
        {
            Title = "Checkout fails for EU customers",
            Description = "HTTP 502 from the payment gateway",
            Impact = impact,
            Urgency = urgency,
            Service = service,
            Category = category is null ? null : new CategoryPath(category),
            AssignmentGroup = "payments-oncall",
        }, at ?? OpenedAt, Alice);
}
