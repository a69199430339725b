using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Tests.TestSupport;

/// <summary>Shared instants, actors and ways to drive an incident into each state through its own commands.</summary>
internal static class Fixtures
{
    public static readonly Instant T0 = Instant.FromUtc(2026, 6, 15, 14, 0);
    public static readonly TenantId Tenant = new("acme");
    public static readonly UserId Alice = new("alice");
    public static readonly UserId Bob = new("bob");

    public static Instant At(int minutes) => T0 + Duration.FromMinutes(minutes);

    public static NewIncident Details(string title = "Database cluster down") => new()
    {
        Title = title,
        Impact = Impact.High,
        Urgency = Urgency.Medium,
        Service = "orders-db",
        Source = "monitoring",
    };

    public static Incident Open(IncidentRules? rules = null, Instant? at = null) =>
        Incident.Open(IncidentId.New(), Tenant, Details(), at ?? T0, Alice, rules);

    /// <summary>Drives a new incident into <paramref name="state"/> at minutes 0..5, then forgets the pending events.</summary>
    /// <param name="assignBeforeWork">Assigns Bob before work starts (needed when the rules require an assignee).</param>
    public static Incident InState(IncidentState state, IncidentRules? rules = null, bool assignBeforeWork = false)
    {
        var incident = Open(rules);
        if (assignBeforeWork && state is not (IncidentState.New or IncidentState.Acknowledged or IncidentState.Cancelled))
        {
            incident.Assign(Bob, null, At(1), Alice);
        }

        switch (state)
        {
            case IncidentState.New:
                break;
            case IncidentState.Acknowledged:
                incident.Acknowledge(At(1), Alice);
                break;
            case IncidentState.InProgress:
                incident.Acknowledge(At(1), Alice);
                incident.StartWork(At(2), Alice);
                break;
            case IncidentState.OnHold:
                incident.Acknowledge(At(1), Alice);
                incident.StartWork(At(2), Alice);
                incident.PutOnHold("waiting for the vendor", At(3), Alice);
                break;
            case IncidentState.Resolved:
                incident.Acknowledge(At(1), Alice);
                incident.StartWork(At(2), Alice);
                incident.Resolve("fixed", "restarted the primary", At(4), Alice);
                break;
            case IncidentState.Closed:
                incident.Acknowledge(At(1), Alice);
                incident.StartWork(At(2), Alice);
                incident.Resolve("fixed", "restarted the primary", At(4), Alice);
                incident.Close(At(5), Alice);
                break;
            case IncidentState.Cancelled:
                incident.Cancel("duplicate of INC-42", At(1), Alice);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, null);
        }

        Assert.Equal(state, incident.State);
        incident.MarkCommitted();
        return incident;
    }

    /// <summary>Returns the ways to issue <paramref name="command"/> with valid arguments (ChangePriority has two methods).</summary>
    public static IReadOnlyList<(string Method, Action<Incident, Instant> Run)> Invocations(IncidentCommand command) => command switch
    {
        IncidentCommand.Acknowledge => [("Acknowledge", (i, at) => i.Acknowledge(at, Bob))],
        IncidentCommand.Assign => [("Assign", (i, at) => i.Assign(Alice, "dba", at, Bob))],
        IncidentCommand.StartWork => [("StartWork", (i, at) => i.StartWork(at, Bob))],
        IncidentCommand.PutOnHold => [("PutOnHold", (i, at) => i.PutOnHold("waiting for the vendor", at, Bob))],
        IncidentCommand.Resume => [("Resume", (i, at) => i.Resume(at, Bob))],
        IncidentCommand.ChangePriority =>
        [
            ("Reassess", (i, at) => i.Reassess(Impact.Low, Urgency.Low, "contained", at, Bob)),
            ("OverridePriority", (i, at) => i.OverridePriority(Priority.P1, "board demo tomorrow", at, Bob)),
        ],
        IncidentCommand.Recategorise => [("Recategorise", (i, at) => i.Recategorise(new("Software/Database"), "it is the database", at, Bob))],
        IncidentCommand.AddWorkNote => [("AddWorkNote", (i, at) => i.AddWorkNote("checked the replicas", at, Bob))],
        IncidentCommand.LinkAlert => [("LinkAlert", (i, at) => i.LinkAlert("alert-" + Guid.NewGuid().ToString("N"), "prometheus", at, Bob))],
        IncidentCommand.RecordDiagnosis => [("RecordDiagnosis", (i, at) => i.RecordDiagnosis(DiagnosisStage.SuspectedCause, "disk full on primary", at, Bob))],
        IncidentCommand.Escalate => [("Escalate", (i, at) => i.Escalate(EscalationKind.Functional, "needs a DBA", "dba-tier2", at, Bob))],
        IncidentCommand.Resolve => [("Resolve", (i, at) => i.Resolve("fixed", "freed disk space", at, Bob))],
        IncidentCommand.Reopen => [("Reopen", (i, at) => i.Reopen("it failed again", at, Bob))],
        IncidentCommand.Close => [("Close", (i, at) => i.Close(at, Bob))],
        IncidentCommand.Cancel => [("Cancel", (i, at) => i.Cancel("logged in error", at, Bob))],
        IncidentCommand.PostStatusUpdate => [("PostStatusUpdate", (i, at) => i.PostStatusUpdate("Failover under way; next update in 30 minutes.", IncidentKit.Communication.Audience.External, at, Bob))],
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    /// <summary>Asserts that two incidents are equal in everything a fold produces.</summary>
    public static void AssertSameIncident(Incident expected, Incident actual)
    {
        Assert.Equal(expected.ToSummary(), actual.ToSummary());
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Source, actual.Source);
        Assert.Equal(expected.Resolution, actual.Resolution);
        Assert.Equal(expected.Diagnosis, actual.Diagnosis);
        Assert.Equal(expected.LinkedAlerts, actual.LinkedAlerts);
        Assert.Equal(expected.WorkNoteCount, actual.WorkNoteCount);
        Assert.Equal(expected.EscalationCount, actual.EscalationCount);
        Assert.Equal(expected.ReopenCount, actual.ReopenCount);
        Assert.Equal(expected.AwaitsAcknowledgement, actual.AwaitsAcknowledgement);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.Version, actual.Version);
    }
}
