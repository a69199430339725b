using IncidentKit.Authorization;

namespace IncidentKit.AspNetCore.Tests;

public sealed class RoleIncidentAuthorizerTests
{
    private static readonly TenantId Tenant = new("t");

    // The role × action matrix, written out: V viewer, R responder, C incident commander, A admin.
    public static TheoryData<IncidentAction, string> Matrix => new()
    {
        { IncidentAction.Read, "VRCA" },
        { IncidentAction.Open, "RCA" },
        { IncidentAction.Acknowledge, "RCA" },
        { IncidentAction.Assign, "RCA" },
        { IncidentAction.StartWork, "RCA" },
        { IncidentAction.PutOnHold, "RCA" },
        { IncidentAction.Resume, "RCA" },
        { IncidentAction.AddWorkNote, "RCA" },
        { IncidentAction.LinkAlert, "RCA" },
        { IncidentAction.RecordDiagnosis, "RCA" },
        { IncidentAction.PostStatusUpdate, "RCA" },
        { IncidentAction.AddEvidence, "RCA" },
        { IncidentAction.VerifyResolution, "RCA" },
        { IncidentAction.Resolve, "RCA" },
        { IncidentAction.Reopen, "RCA" },
        { IncidentAction.Close, "RCA" },
        { IncidentAction.ChangePriority, "CA" },
        { IncidentAction.Recategorise, "CA" },
        { IncidentAction.Escalate, "CA" },
        { IncidentAction.Cancel, "CA" },
        { IncidentAction.Configure, "A" },
        { IncidentAction.DeclareMajor, "RCA" },
        { IncidentAction.WorkRunbook, "RCA" },
        { IncidentAction.StandDownMajor, "CA" },
        { IncidentAction.AssignResponseRole, "CA" },
        { IncidentAction.ManageMaintenanceWindows, "CA" },
        { IncidentAction.WriteReview, "RCA" },
        { IncidentAction.ManageProblems, "RCA" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Authorize_RoleByAction_FollowsTheMatrix(IncidentAction action, string allowed)
    {
        foreach (var (letter, role) in new[] { ('V', IncidentRole.Viewer), ('R', IncidentRole.Responder), ('C', IncidentRole.IncidentCommander), ('A', IncidentRole.Admin) })
        {
            var decision = RoleIncidentAuthorizer.Instance.Authorize(new IncidentActor(new UserId("u"), Tenant, [role]), Tenant, action);
            Assert.True(decision.IsAllowed == allowed.Contains(letter), $"{role} {action}: expected {(allowed.Contains(letter) ? "allowed" : "denied")}");
            Assert.Equal(decision.IsAllowed, decision.Reason is null);
        }
    }

    [Fact]
    public void Authorize_EveryActionIsInTheMatrix()
    {
        var listed = Matrix.Select(row => row.Data.Item1).ToHashSet();
        Assert.Equal(Enum.GetValues<IncidentAction>().ToHashSet(), listed);
    }

    [Fact]
    public void Authorize_OtherTenant_DeniedEvenForAdmin()
    {
        var admin = new IncidentActor(new UserId("root"), Tenant, [IncidentRole.Admin]);

        var decision = RoleIncidentAuthorizer.Instance.Authorize(admin, new TenantId("other"), IncidentAction.Read);

        Assert.False(decision.IsAllowed);
        Assert.Contains("another tenant", decision.Reason);
    }

    [Fact]
    public void Authorize_NoRole_DeniedWithReason()
    {
        var nobody = new IncidentActor(new UserId("x"), Tenant, []);

        var decision = RoleIncidentAuthorizer.Instance.Authorize(nobody, Tenant, IncidentAction.Read);

        Assert.False(decision.IsAllowed);
        Assert.Contains("no role", decision.Reason);
    }

    [Fact]
    public void Demand_Denied_ThrowsWithReason()
    {
        var viewer = new IncidentActor(new UserId("v"), Tenant, [IncidentRole.Viewer]);

        var ex = Assert.Throws<IncidentAccessDeniedException>(() => RoleIncidentAuthorizer.Instance.Demand(viewer, Tenant, IncidentAction.Resolve));

        Assert.Equal(IncidentAction.Resolve, ex.Action);
        Assert.Contains("Responder", ex.Reason);
    }
}
