using System.ComponentModel;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentBadInputTests
{
    private static readonly string TooLong200 = new('x', 201);
    private static readonly string TooLong10K = new('x', 10_001);
    private static readonly Instant Later = At(30);

    // (description, state the command is otherwise valid in, command, expected exception type, parameter name)
    public static TheoryData<string, IncidentState, Action<Incident>, Type, string> BadCommands() => new()
    {
        { "Acknowledge unset actor", IncidentState.New, i => i.Acknowledge(Later, default), typeof(ArgumentException), "actor" },
        { "Acknowledge before opening", IncidentState.New, i => i.Acknowledge(T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "Assign nobody", IncidentState.New, i => i.Assign(null, null, Later, Bob), typeof(ArgumentException), "assignee" },
        { "Assign empty group", IncidentState.New, i => i.Assign(Bob, "", Later, Bob), typeof(ArgumentException), "assignmentGroup" },
        { "Assign long group", IncidentState.New, i => i.Assign(Bob, TooLong200, Later, Bob), typeof(ArgumentException), "assignmentGroup" },
        { "Assign unset actor", IncidentState.New, i => i.Assign(Bob, null, Later, default), typeof(ArgumentException), "actor" },
        { "Assign before opening", IncidentState.New, i => i.Assign(Bob, null, T0 - Duration.FromDays(1), Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "StartWork unset actor", IncidentState.Acknowledged, i => i.StartWork(Later, default), typeof(ArgumentException), "actor" },
        { "StartWork before opening", IncidentState.Acknowledged, i => i.StartWork(T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "PutOnHold null reason", IncidentState.InProgress, i => i.PutOnHold(null!, Later, Bob), typeof(ArgumentNullException), "reason" },
        { "PutOnHold empty reason", IncidentState.InProgress, i => i.PutOnHold("", Later, Bob), typeof(ArgumentException), "reason" },
        { "PutOnHold blank reason", IncidentState.InProgress, i => i.PutOnHold(" \t", Later, Bob), typeof(ArgumentException), "reason" },
        { "PutOnHold long reason", IncidentState.InProgress, i => i.PutOnHold(TooLong10K, Later, Bob), typeof(ArgumentException), "reason" },
        { "PutOnHold before opening", IncidentState.InProgress, i => i.PutOnHold("vendor", T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "Resume unset actor", IncidentState.OnHold, i => i.Resume(Later, default), typeof(ArgumentException), "actor" },
        { "Resume before opening", IncidentState.OnHold, i => i.Resume(T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "Reassess outside matrix", IncidentState.New, i => i.Reassess(new Impact(4), Urgency.High, null, Later, Bob), typeof(ArgumentException), "impact" },
        { "Reassess unset urgency", IncidentState.New, i => i.Reassess(Impact.High, default, null, Later, Bob), typeof(ArgumentException), "urgency" },
        { "Reassess urgency outside matrix", IncidentState.New, i => i.Reassess(Impact.Low, new Urgency(4), null, Later, Bob), typeof(ArgumentException), "urgency" },
        { "Reassess unset impact", IncidentState.New, i => i.Reassess(default, Urgency.High, null, Later, Bob), typeof(ArgumentException), "impact" },
        { "Reassess empty reason", IncidentState.New, i => i.Reassess(Impact.High, Urgency.High, "", Later, Bob), typeof(ArgumentException), "reason" },
        { "Reassess before opening", IncidentState.New, i => i.Reassess(Impact.High, Urgency.High, null, T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "Override unset priority", IncidentState.New, i => i.OverridePriority(default, "why", Later, Bob), typeof(ArgumentException), "priority" },
        { "Override long reason", IncidentState.New, i => i.OverridePriority(Priority.P1, TooLong10K, Later, Bob), typeof(ArgumentException), "reason" },
        { "Override unset actor", IncidentState.New, i => i.OverridePriority(Priority.P1, "why", Later, default), typeof(ArgumentException), "actor" },
        { "Recategorise empty reason", IncidentState.New, i => i.Recategorise(new("Network"), "", Later, Bob), typeof(ArgumentException), "reason" },
        { "Recategorise before opening", IncidentState.New, i => i.Recategorise(new("Network"), null, T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "AddWorkNote empty", IncidentState.InProgress, i => i.AddWorkNote("", Later, Bob), typeof(ArgumentException), "text" },
        { "AddWorkNote long", IncidentState.InProgress, i => i.AddWorkNote(TooLong10K, Later, Bob), typeof(ArgumentException), "text" },
        { "AddWorkNote unset actor", IncidentState.InProgress, i => i.AddWorkNote("note", Later, default), typeof(ArgumentException), "actor" },
        { "LinkAlert empty key", IncidentState.New, i => i.LinkAlert("", null, Later, Bob), typeof(ArgumentException), "alertKey" },
        { "LinkAlert long key", IncidentState.New, i => i.LinkAlert(TooLong200, null, Later, Bob), typeof(ArgumentException), "alertKey" },
        { "LinkAlert empty source", IncidentState.New, i => i.LinkAlert("k", "", Later, Bob), typeof(ArgumentException), "source" },
        { "RecordDiagnosis undefined stage", IncidentState.InProgress, i => i.RecordDiagnosis((DiagnosisStage)42, "text", Later, Bob), typeof(InvalidEnumArgumentException), "stage" },
        { "RecordDiagnosis empty text", IncidentState.InProgress, i => i.RecordDiagnosis(DiagnosisStage.Symptoms, "", Later, Bob), typeof(ArgumentException), "text" },
        { "Escalate undefined kind", IncidentState.InProgress, i => i.Escalate((EscalationKind)9, "why", null, Later, Bob), typeof(InvalidEnumArgumentException), "kind" },
        { "Escalate empty reason", IncidentState.InProgress, i => i.Escalate(EscalationKind.Functional, "", null, Later, Bob), typeof(ArgumentException), "reason" },
        { "Escalate long group", IncidentState.InProgress, i => i.Escalate(EscalationKind.Functional, "why", TooLong200, Later, Bob), typeof(ArgumentException), "toGroup" },
        { "Resolve long code", IncidentState.InProgress, i => i.Resolve(new string('c', 65), "notes", Later, Bob), typeof(ArgumentException), "resolutionCode" },
        { "Resolve empty notes", IncidentState.InProgress, i => i.Resolve("fixed", "", Later, Bob), typeof(ArgumentException), "notes" },
        { "Resolve before opening", IncidentState.InProgress, i => i.Resolve("fixed", "notes", T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "Reopen empty reason", IncidentState.Resolved, i => i.Reopen("", Later, Bob), typeof(ArgumentException), "reason" },
        { "Reopen unset actor", IncidentState.Resolved, i => i.Reopen("again", Later, default), typeof(ArgumentException), "actor" },
        { "Close unset actor", IncidentState.Resolved, i => i.Close(Later, default), typeof(ArgumentException), "actor" },
        { "Close before opening", IncidentState.Resolved, i => i.Close(T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
        { "Cancel empty reason", IncidentState.New, i => i.Cancel("", Later, Bob), typeof(ArgumentException), "reason" },
        { "Cancel before opening", IncidentState.New, i => i.Cancel("dup", T0 - Duration.Epsilon, Bob), typeof(ArgumentOutOfRangeException), "at" },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public void Command_BadArgument_ThrowsDocumentedTypeNamingTheParameterAndRecordsNothing(
        string description, IncidentState state, Action<Incident> command, Type exceptionType, string parameter)
    {
        Assert.NotNull(description);
        var incident = InState(state);
        var before = incident.Events.ToArray();

        var ex = Assert.Throws(exceptionType, () => command(incident));
        Assert.Equal(parameter, ((ArgumentException)ex).ParamName);
        Assert.Equal(before, incident.Events);
        Assert.Empty(incident.PendingEvents);
    }

    [Fact]
    public void LinkAlert_SameKeyTwice_Throws()
    {
        var incident = Open();
        incident.LinkAlert("prom:db-down", null, At(1), Bob);
        var ex = Assert.Throws<ArgumentException>(() => incident.LinkAlert("prom:db-down", "again", At(2), Bob));
        Assert.Equal("alertKey", ex.ParamName);
        Assert.Single(incident.LinkedAlerts);
    }

    [Fact]
    public void Command_AtTheOpeningInstant_IsAccepted()
    {
        var incident = Open();
        incident.Acknowledge(T0, Bob);
        Assert.Equal(T0, incident.AcknowledgedAt);
    }

    public static TheoryData<string, Func<Incident>, Type, string> BadOpens() => new()
    {
        { "unset id", () => Incident.Open(default, Tenant, Details(), T0, Alice), typeof(ArgumentException), "id" },
        { "unset tenant", () => Incident.Open(IncidentId.New(), default, Details(), T0, Alice), typeof(ArgumentException), "tenant" },
        { "unset actor", () => Incident.Open(IncidentId.New(), Tenant, Details(), T0, default), typeof(ArgumentException), "actor" },
        { "null details", () => Incident.Open(IncidentId.New(), Tenant, null!, T0, Alice), typeof(ArgumentNullException), "details" },
        { "empty title", () => Incident.Open(IncidentId.New(), Tenant, Details(""), T0, Alice), typeof(ArgumentException), "details.Title" },
        { "null title", () => Incident.Open(IncidentId.New(), Tenant, Details(null!), T0, Alice), typeof(ArgumentNullException), "details.Title" },
        { "long title", () => Incident.Open(IncidentId.New(), Tenant, Details(TooLong200), T0, Alice), typeof(ArgumentException), "details.Title" },
        { "empty description", () => Incident.Open(IncidentId.New(), Tenant, Details() with { Description = "" }, T0, Alice), typeof(ArgumentException), "details.Description" },
        { "long service", () => Incident.Open(IncidentId.New(), Tenant, Details() with { Service = TooLong200 }, T0, Alice), typeof(ArgumentException), "details.Service" },
        { "blank source", () => Incident.Open(IncidentId.New(), Tenant, Details() with { Source = " " }, T0, Alice), typeof(ArgumentException), "details.Source" },
        { "empty group", () => Incident.Open(IncidentId.New(), Tenant, Details() with { AssignmentGroup = "" }, T0, Alice), typeof(ArgumentException), "details.AssignmentGroup" },
        { "no impact", () => Incident.Open(IncidentId.New(), Tenant, Details() with { Impact = null }, T0, Alice), typeof(ArgumentException), "details" },
        { "no urgency", () => Incident.Open(IncidentId.New(), Tenant, Details() with { Urgency = null }, T0, Alice), typeof(ArgumentException), "details" },
        { "impact outside matrix", () => Incident.Open(IncidentId.New(), Tenant, Details() with { Impact = new Impact(7) }, T0, Alice), typeof(ArgumentException), "details" },
    };

    [Theory]
    [MemberData(nameof(BadOpens))]
    public void Open_BadArgument_ThrowsDocumentedTypeNamingTheParameter(string description, Func<Incident> open, Type exceptionType, string parameter)
    {
        Assert.NotNull(description);
        var ex = Assert.Throws(exceptionType, () => open());
        Assert.Equal(parameter, ((ArgumentException)ex).ParamName);
    }

    [Fact]
    public void FromHistory_BadStreams_ThrowNamingEvents()
    {
        var opened = Open().Events[0];
        var closed = new IncidentClosed(Guid.NewGuid(), At(1), Bob);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => Incident.FromHistory([])).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => Incident.FromHistory([closed, opened])).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => Incident.FromHistory([opened, opened])).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentNullException>(() => Incident.FromHistory(null!)).ParamName);
    }

    [Fact]
    public void FromHistory_AnyStoredHistory_ReplaysWithoutCheckingRules()
    {
        // A closed incident followed by a note (written under other rules, or by a later version) still replays.
        var incident = InState(IncidentState.Closed);
        var events = incident.Events.Append(new WorkNoteAdded(Guid.NewGuid(), At(90), Bob, "post-mortem link")).ToArray();
        var rebuilt = Incident.FromHistory(events);
        Assert.Equal(IncidentState.Closed, rebuilt.State);
        Assert.Equal(1, rebuilt.WorkNoteCount);
        Assert.Equal(At(90), rebuilt.LastChangedAt);
        Assert.Empty(rebuilt.PendingEvents);
        Assert.Equal(events.Length, rebuilt.CommittedVersion);
    }
}
