using IncidentKit.Authorization;
using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.MajorIncidents;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.MajorIncidents;

public sealed class MajorIncidentTests
{
    private static readonly UserId Carol = new("carol");
    private static readonly UserId Dave = new("dave");

    [Fact]
    public void DeclareMajorByRule_PriorityP1_DeclaresOnceNamingTheRule()
    {
        var incident = Open();
        var policy = MajorIncidentPolicy.Default;

        Assert.False(incident.DeclareMajorByRule(policy, At(1)));
        incident.OverridePriority(Priority.P1, "checkout down", At(2), Alice);
        Assert.True(incident.DeclareMajorByRule(policy, At(3)));
        Assert.False(incident.DeclareMajorByRule(policy, At(4)));

        var declared = Assert.Single(incident.Events.OfType<MajorIncidentDeclared>());
        Assert.Equal(("priority P1", UserId.System, At(3)), (declared.Rule, declared.Actor, declared.At));
        Assert.True(incident.IsMajor);
    }

    [Fact]
    public void DeclareMajorByRule_ServicesAndCategory_EachRuleDeclares()
    {
        var policy = new MajorIncidentPolicyBuilder().DeclareAtPriorities().DeclareWhenServicesAffected(3)
            .DeclareForCategories(new CategoryPath("Security")).Build();
        var byServices = Open();
        byServices.AddAffectedService("payments", At(1), Alice);
        Assert.False(byServices.DeclareMajorByRule(policy, At(1)));
        Assert.Throws<ArgumentException>(() => byServices.AddAffectedService("PAYMENTS", At(2), Alice));
        byServices.AddAffectedService("search", At(2), Alice);
        Assert.True(byServices.DeclareMajorByRule(policy, At(2)));
        Assert.Equal("3 services affected (at least 3)", byServices.MajorDeclaration!.Rule);
        Assert.Equal(["orders-db", "payments", "search"], byServices.AffectedServices);

        var byCategory = Open();
        byCategory.Recategorise(new CategoryPath("Security/Phishing"), null, At(1), Alice);
        Assert.True(byCategory.DeclareMajorByRule(policy, At(1)));
        Assert.Equal("category Security", byCategory.MajorDeclaration!.Rule);
    }

    [Fact]
    public void DeclareMajorByRule_AfterStandDown_LeavesTheIncidentAlone()
    {
        var incident = Open();
        incident.OverridePriority(Priority.P1, "checkout down", At(1), Alice);
        incident.DeclareMajorByRule(MajorIncidentPolicy.Default, At(1));
        incident.StandDownMajor("contained", At(2), Alice);

        Assert.False(incident.DeclareMajorByRule(MajorIncidentPolicy.Default, At(3)));
        Assert.False(incident.IsMajor);
        incident.DeclareMajor("spread again", At(4), Bob);
        Assert.Equal("spread again", incident.MajorDeclaration!.Reason);
        Assert.Null(incident.MajorDeclaration.Rule);
    }

    [Fact]
    public void DeclareMajor_ByHandTwiceOrStandDownWhenNotMajor_ThrowsNamingTheRule()
    {
        var incident = Open();
        var standDown = Assert.Throws<InvalidIncidentTransitionException>(() => incident.StandDownMajor("nothing to stand down", At(1), Alice));
        Assert.Contains("the incident is a major incident", standDown.UnmetRules);

        incident.DeclareMajor("all regions down", At(1), Alice);
        var twice = Assert.Throws<InvalidIncidentTransitionException>(() => incident.DeclareMajor("again", At(2), Alice));
        Assert.Contains("the incident is not a major incident already", twice.UnmetRules);
        Assert.Equal("reason", Assert.Throws<ArgumentException>(() => Open().DeclareMajor(" ", At(1), Alice)).ParamName);

        incident.Cancel("logged in error", At(3), Alice);
        Assert.Throws<InvalidIncidentTransitionException>(() => incident.StandDownMajor("closed", At(4), Alice));
    }

    [Fact]
    public void AssignResponseRole_HandOver_KeepsTheHistoryAndOneHolderPerRole()
    {
        var incident = Open();
        incident.DeclareMajor("all regions down", At(1), Alice);
        incident.AssignResponseRole(ResponseRole.IncidentCommander, Bob, null, At(2), Alice);
        incident.AssignResponseRole(ResponseRole.SubjectMatterExpert, Carol, null, At(3), Bob);
        incident.AssignResponseRole(ResponseRole.SubjectMatterExpert, Dave, null, At(4), Bob);
        incident.AssignResponseRole(ResponseRole.IncidentCommander, Carol, "end of Bob's shift", At(10), Bob);
        incident.ReleaseResponseRole(ResponseRole.SubjectMatterExpert, Dave, At(11), Carol);

        Assert.Equal(Carol, incident.Commander);
        Assert.Equal([(ResponseRole.SubjectMatterExpert, Carol), (ResponseRole.IncidentCommander, Carol)],
            incident.ResponseRoles.Select(r => (r.Role, r.User)));
        var bob = incident.ResponseRoleHistory.Single(h => h.User == Bob);
        Assert.Equal((At(2), (Instant?)At(10)), (bob.From, bob.Until));
        var carol = incident.ResponseRoleHistory.Single(h => h.Role == ResponseRole.IncidentCommander && h.User == Carol);
        Assert.Equal(("end of Bob's shift", Bob, (Instant?)null), (carol.Note, carol.AssignedBy, carol.Until));
        Assert.Equal(At(11), incident.ResponseRoleHistory.Single(h => h.User == Dave).Until);

        Assert.Equal("user", Assert.Throws<ArgumentException>(() => incident.AssignResponseRole(ResponseRole.IncidentCommander, Carol, null, At(12), Bob)).ParamName);
        Assert.Equal("user", Assert.Throws<ArgumentException>(() => incident.ReleaseResponseRole(ResponseRole.Scribe, Dave, At(12), Bob)).ParamName);
        AssertSameIncident(incident, Incident.FromHistory(incident.Events));
    }

    [Fact]
    public void Authorize_MajorIncidentWithCommander_OnlyTheCommanderOrAnAdminChangesRolesPriorityAndStandsDown()
    {
        var incident = Open();
        incident.DeclareMajor("all regions down", At(1), Alice);
        var authorizer = RoleIncidentAuthorizer.Instance;
        var otherCommander = new IncidentActor(Dave, Tenant, [IncidentRole.IncidentCommander]);
        var commander = new IncidentActor(Carol, Tenant, [IncidentRole.IncidentCommander]);
        var admin = new IncidentActor(new UserId("root"), Tenant, [IncidentRole.Admin]);
        var responder = new IncidentActor(Bob, Tenant, [IncidentRole.Responder]);

        // Until someone holds the role, the tenant rule alone decides, so the first commander can be named.
        Assert.True(MajorIncidentAuthorization.Authorize(authorizer, otherCommander, incident, IncidentAction.AssignResponseRole).IsAllowed);
        incident.AssignResponseRole(ResponseRole.IncidentCommander, Carol, null, At(2), Dave);

        foreach (var action in new[] { IncidentAction.AssignResponseRole, IncidentAction.ChangePriority, IncidentAction.StandDownMajor })
        {
            var denied = MajorIncidentAuthorization.Authorize(authorizer, otherCommander, incident, action);
            Assert.False(denied.IsAllowed, action.ToString());
            Assert.Contains("carol", denied.Reason, StringComparison.Ordinal);
            Assert.True(MajorIncidentAuthorization.Authorize(authorizer, commander, incident, action).IsAllowed, action.ToString());
            Assert.True(MajorIncidentAuthorization.Authorize(authorizer, admin, incident, action).IsAllowed, action.ToString());
            Assert.False(MajorIncidentAuthorization.Authorize(authorizer, responder, incident, action).IsAllowed, action.ToString());
        }

        Assert.True(MajorIncidentAuthorization.Authorize(authorizer, otherCommander, incident, IncidentAction.AddWorkNote).IsAllowed);
        Assert.True(MajorIncidentAuthorization.Authorize(authorizer, responder, incident, IncidentAction.DeclareMajor).IsAllowed);
        Assert.Throws<IncidentAccessDeniedException>(() => MajorIncidentAuthorization.Demand(authorizer, otherCommander, incident, IncidentAction.StandDownMajor));

        incident.StandDownMajor("contained", At(3), Carol);
        Assert.True(MajorIncidentAuthorization.Authorize(authorizer, otherCommander, incident, IncidentAction.ChangePriority).IsAllowed);
    }

    [Fact]
    public void Run_NobodyOnCallThenSomeone_FailsVisiblyBacksOffAndPagesOnTheRetry()
    {
        var schedule = new ScheduleId("commanders");
        // Carol is on call from At(10) only: before that the schedule has a gap.
        var roster = new GapThenCarol(schedule.Value, At(10));
        var policy = new MajorIncidentPolicyBuilder().PageCommandersFrom(schedule).RetryFailedSteps(Duration.FromMinutes(2), Duration.FromMinutes(5)).Build();
        var incident = Open();
        incident.DeclareMajor("all regions down", At(0), Alice);

        var next = MajorIncidentChecklist.Run(incident, policy, At(0), roster);
        var first = Assert.Single(incident.Events.OfType<MajorIncidentStepFailed>());
        Assert.Equal((MajorIncidentStep.PageCommander, 1, At(2)), (first.Step, first.Attempt, first.RetryAt));
        Assert.Contains("Nobody is on call", first.Reason, StringComparison.Ordinal);
        Assert.Equal(At(2), next);

        Assert.Equal(At(2), MajorIncidentChecklist.Run(incident, policy, At(1), roster));
        Assert.Equal(At(6), MajorIncidentChecklist.Run(incident, policy, At(2), roster));
        Assert.Equal(At(11), MajorIncidentChecklist.Run(incident, policy, At(6), roster));
        Assert.Equal([2, 4, 5], incident.Events.OfType<MajorIncidentStepFailed>().Select(f => (int)(f.RetryAt - f.At).TotalMinutes));

        Assert.Null(MajorIncidentChecklist.Run(incident, policy, At(11), roster));
        var paged = incident.Events.OfType<MajorIncidentStepCompleted>().Single(c => c.Step == MajorIncidentStep.PageCommander);
        Assert.Equal((4, (UserId?)Carol), (paged.Attempt, paged.User));
        Assert.Equal(Carol, incident.Commander);
        var status = MajorIncidentChecklist.StatusOf(incident, policy).Single(s => s.Step == MajorIncidentStep.PageCommander);
        Assert.Equal((true, 3), (status.IsDone, status.FailedAttempts));
        var count = incident.Events.Count;
        Assert.Null(MajorIncidentChecklist.Run(incident, policy, At(12), roster));
        Assert.Equal(count, incident.Events.Count);
    }

    [Fact]
    public void Run_DeclaredWithACommanderHeld_TellsExecutivesAndStartsTheSummaryWithWhatIsKnown()
    {
        var incident = Open();
        incident.DeclareMajor("checkout down in every region.", At(1), Alice);
        incident.AssignResponseRole(ResponseRole.IncidentCommander, Carol, null, At(2), Alice);
        incident.AddAffectedService("payments", At(2), Carol);

        Assert.Null(MajorIncidentChecklist.Run(incident, MajorIncidentPolicy.Default, At(3)));

        var outcomes = incident.Events.OfType<MajorIncidentStepCompleted>().ToDictionary(c => c.Step, c => c.Outcome);
        Assert.Equal("carol holds the incident commander role already; nobody paged.", outcomes[MajorIncidentStep.PageCommander]);
        Assert.Equal($"Executives of the {incident.Priority} communication plan told: checkout down in every region.", outcomes[MajorIncidentStep.NotifyExecutives]);
        Assert.Equal($"Database cluster down ({incident.Priority}, New). Declared major at 2026-06-15 14:01 UTC: checkout down in every region. " +
            "Commander: carol. Services affected: orders-db, payments.", outcomes[MajorIncidentStep.StartExecutiveSummary]);
        Assert.Equal("Status updates every 20 minutes until 2026-06-15 16:01 UTC, then every 60 minutes.", outcomes[MajorIncidentStep.TightenCadence]);
        Assert.Equal(Enum.GetValues<MajorIncidentStep>(), incident.Events.OfType<MajorIncidentStepCompleted>().Select(c => c.Step));
        Assert.All(incident.Events.OfType<MajorIncidentStepCompleted>(), c => Assert.Equal((1, At(3)), (c.Attempt, c.At)));
    }

    [Fact]
    public void Run_PlanNamesNoExecutives_RecordsThatNobodyWasToldInsteadOfDone()
    {
        var quiet = Open();
        quiet.DeclareMajor("search down in every region", At(1), Alice);
        var loud = Open();
        loud.OverridePriority(Priority.P1, "checkout down", At(1), Alice);
        loud.DeclareMajor("checkout down in every region", At(1), Alice);

        MajorIncidentChecklist.Run(quiet, MajorIncidentPolicy.Default, At(2), plans: CommunicationPlans.Default);
        MajorIncidentChecklist.Run(loud, MajorIncidentPolicy.Default, At(2), plans: CommunicationPlans.Default);

        static string Told(Incident incident) =>
            incident.Events.OfType<MajorIncidentStepCompleted>().Single(c => c.Step == MajorIncidentStep.NotifyExecutives).Outcome;
        Assert.Equal(Priority.P2, quiet.Priority);
        Assert.Equal("Nobody told: the 'high' communication plan for P2 names no executive recipients; tell the executives by hand.", Told(quiet));
        Assert.Equal("Executives of the P1 communication plan told: checkout down in every region", Told(loud));
    }

    [Fact]
    public void NextStatusUpdateDue_MajorIncident_TwentyMinutesForTwoHoursThenHourly()
    {
        var incident = Open();
        var plan = CommunicationPlans.Default.ForPriority(Priority.P1);
        incident.DeclareMajor("all regions down", At(10), Alice);
        Assert.Equal(At(plan.StatusUpdateEvery!.Value.Minutes), StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));

        MajorIncidentChecklist.Run(incident, MajorIncidentPolicy.Default, At(10));
        Assert.Equal(At(30), StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));
        incident.PostStatusUpdate("Failing over.", Audience.External, At(125), Bob);
        Assert.Equal(At(145), StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));
        incident.PostStatusUpdate("Still failing over.", Audience.External, At(131), Bob);
        Assert.Equal(At(191), StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));

        incident.StandDownMajor("contained", At(140), Alice);
        Assert.Equal(At(131) + plan.StatusUpdateEvery.Value, StatusUpdateSchedule.NextStatusUpdateDue(incident, plan));
    }

    [Fact]
    public void Build_InvalidSettings_ListsEveryProblem()
    {
        var builder = new MajorIncidentPolicyBuilder()
            .DeclareAtPriorities(Priority.P1, Priority.P1)
            .DeclareWhenServicesAffected(0)
            .WithChecklist(MajorIncidentStep.OpenWarRoom, MajorIncidentStep.OpenWarRoom, (MajorIncidentStep)42)
            .TightenStatusUpdates(Duration.FromMinutes(30), Duration.FromHours(-1), Duration.FromMinutes(10))
            .RetryFailedSteps(Duration.Zero, Duration.FromDays(2));

        var ex = Assert.Throws<ConfigurationValidationException>(builder.Build);

        Assert.Equal(["Priorities", "MinimumAffectedServices", "Checklist", "Checklist", "TightFor", "ThenUpdateEvery", "RetryInitialDelay", "RetryMaxDelay"],
            ex.Errors.Select(e => e[..e.IndexOf(':', StringComparison.Ordinal)]));
    }

    [Fact]
    public void RecordMajorIncidentStepFailed_ControlCharactersAndRepeats_StoredOnceAndClean()
    {
        var incident = Open();
        Assert.Throws<InvalidOperationException>(() => incident.RecordMajorIncidentStepFailed(MajorIncidentStep.OpenWarRoom, "down", At(2), At(1)));
        incident.DeclareMajor("all regions down", At(1), Alice);

        incident.RecordMajorIncidentStepFailed(MajorIncidentStep.OpenWarRoom, "HTTP 503\0\r\nbusy", At(2), At(1));
        incident.RecordMajorIncidentStepCompleted(MajorIncidentStep.OpenWarRoom, "opened", At(2), new Uri("https://chat.example.com/r"));

        Assert.Equal("HTTP 503  \nbusy", Assert.Single(incident.Events.OfType<MajorIncidentStepFailed>()).Reason);
        Assert.Throws<InvalidOperationException>(() => incident.RecordMajorIncidentStepCompleted(MajorIncidentStep.OpenWarRoom, "again", At(3)));
        Assert.Equal("retryAt", Assert.Throws<ArgumentOutOfRangeException>(() =>
            incident.RecordMajorIncidentStepFailed(MajorIncidentStep.PageCommander, "x", At(1), At(2))).ParamName);
    }

    private sealed class GapThenCarol(string schedule, Instant from) : IOnCallResolver
    {
        public bool TryGetOnCall(string scheduleId, Instant at, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<UserId>? users)
        {
            users = scheduleId == schedule ? (at >= from ? [Carol] : []) : null;
            return users is not null;
        }

        public bool TryGetGaps(string scheduleId, Interval window, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<Interval>? gaps)
        {
            gaps = null;
            return false;
        }
    }
}
