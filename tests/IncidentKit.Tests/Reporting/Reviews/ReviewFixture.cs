using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.Prioritization;
using IncidentKit.Runbooks;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Reporting.Reviews;

/// <summary>A hand-written P1 history whose review figures are computed by hand in the tests.</summary>
internal static class ReviewFixture
{
    public static readonly UserId Carol = new("carol");
    public static readonly IncidentId Id = new(Guid.Parse("0196a7c2-0000-7000-8000-000000000001"));
    public static readonly CategoryPath Payments = new("Software/Payments");

    public static IncidentHistory History(bool reopenAtEnd = false)
    {
        List<IncidentEvent> events =
        [
            new IncidentOpened(E(0), T0, Alice)
            {
                Incident = Id,
                Tenant = Tenant,
                Title = "Payments fail at checkout",
                Impact = Impact.High,
                Urgency = Urgency.High,
                Priority = Priority.P1,
                Category = Payments,
                AssignmentGroup = "payments",
                Service = "checkout",
                Source = "alertmanager",
            },
            new AlertLinked(E(1), T0, Alice, "fp-1", "alertmanager") { AlertStartsAt = T0 - Duration.FromMinutes(4) },
            Fired(E(2), At(0), 1, [Bob]),
            Fired(E(3), At(5), 2, [Carol]),
            new IncidentAcknowledged(E(4), At(7), Carol),
            new SlaMet(E(5), At(7), UserId.System, SlaTargetKind.Response, 1, At(15)),
            new IncidentAssigned(E(6), At(8), Carol, Bob, "payments"),
            new WorkStarted(E(7), At(9), Bob),
            new DiagnosisRecorded(E(8), At(20), Bob, DiagnosisStage.Symptoms, "HTTP 502 on /pay"),
            new StatusUpdatePosted(E(9), At(25), Bob, "Payments failing; investigating", Audience.External),
            new NotificationDelivered(E(10), At(26), UserId.System, "email", "k1", 1),
            new NotificationFailed(E(11), At(26), UserId.System, "sms", "k2", 1, "gateway down", true),
            new DiagnosisRecorded(E(12), At(40), Bob, DiagnosisStage.ConfirmedRootCause, "Expired TLS certificate on the payment gateway"),
            new SlaWarningReached(E(13), At(45), UserId.System, SlaTargetKind.Resolution, 1, 75, At(60)),
            new SlaBreached(E(14), At(60), UserId.System, SlaTargetKind.Resolution, 1, At(60)),
            new IncidentResolved(E(15), At(70), Bob, "fixed", "Renewed the certificate"),
        ];
        if (reopenAtEnd)
        {
            events.Add(new IncidentReopened(E(16), At(80), Alice, "Still failing for some cards"));
        }

        return new IncidentHistory(Tenant, Id, events.Count, 0, events);
    }

    /// <summary>The hand history with the db-failover runbook attached at +10m: step 1 done by Bob at +14m (expected 5m),
    /// step 2 skipped by Carol at +21m (expected 5m, so it overran), step 3 left open.</summary>
    public static IncidentHistory HistoryWithRunbook()
    {
        var runbook = new RunbookSnapshot("db-failover", 3, "Database failover",
        [
            new RunbookStep("Page the DBA on call", true, Duration.FromMinutes(5), []),
            new RunbookStep("Check replication lag", false, Duration.FromMinutes(5), []),
            new RunbookStep("Promote the replica", true, null, []),
        ]);
        IncidentEvent[] added =
        [
            new RunbookAttached(E(30), At(10), Bob, runbook),
            new RunbookStepCompleted(E(31), At(14), Bob, "db-failover", 3, 1) { Note = "DBA joined" },
            new RunbookStepSkipped(E(32), At(21), Carol, "db-failover", 3, 2, "Primary is gone; lag is moot"),
        ];
        var events = History().Events.Concat(added).OrderBy(e => e.At).ToList();
        return new IncidentHistory(Tenant, Id, events.Count, 0, events);
    }

    /// <summary>The hand history declared major at +6m by Alice, Carol commander from +7m until Bob takes over at +30m (with a
    /// note), Alice scribe from +8m released at +60m, stood down at +65m.</summary>
    public static IncidentHistory HistoryMajor()
    {
        IncidentEvent[] added =
        [
            new MajorIncidentDeclared(E(40), At(6), Alice, "Checkout down in every region"),
            new ResponseRoleAssigned(E(41), At(7), Alice, ResponseRole.IncidentCommander, Carol),
            new ResponseRoleAssigned(E(42), At(8), Carol, ResponseRole.Scribe, Alice),
            new ResponseRoleAssigned(E(43), At(30), Carol, ResponseRole.IncidentCommander, Bob) { Note = "shift change" },
            new ResponseRoleReleased(E(44), At(60), Bob, ResponseRole.Scribe, Alice),
            new MajorIncidentStoodDown(E(45), At(65), Bob, "Checkout recovered"),
        ];
        var events = History().Events.Concat(added).OrderBy(e => e.At).ToList();
        return new IncidentHistory(Tenant, Id, events.Count, 0, events);
    }

    private static Guid E(int n) => new(n + 1, 0, 0, new byte[8]);

    private static EscalationStepFired Fired(Guid id, Instant at, int level, IReadOnlyList<UserId> recipients) =>
        new(id, at, UserId.System)
        {
            Level = level,
            Round = 1,
            Kind = EscalationKind.Functional,
            Trigger = EscalationTrigger.Started,
            DueAt = at,
            Targets = [new EscalationTarget(EscalationTargetKind.Schedule, $"payments-l{level}")],
            Recipients = recipients,
            UnresolvedTargets = [],
        };
}
