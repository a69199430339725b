using IncidentKit.Authorization;
using IncidentKit.MajorIncidents;
using Microsoft.AspNetCore.Routing;

namespace IncidentKit.AspNetCore.Http;

// /api/incidents/{id}/declare-major, /stand-down, /roles and /runbook-step: the major-incident protocol and runbooks over HTTP,
// on the command pattern of IncidentEndpoints (tenant rule, then the commander rule on the loaded incident, one decision).
internal static class MajorIncidentEndpoints
{
    public static RouteGroupBuilder MapMajorIncidents(this RouteGroupBuilder group)
    {
        IncidentEndpoints.MapCommand<ReasonRequest>(group, "declare-major", IncidentAction.DeclareMajor,
            (i, b, at, who) => i.DeclareMajor(Bodies.Required(b?.Reason, "reason", "why the incident is major"), at, who.User));
        IncidentEndpoints.MapCommand<ReasonRequest>(group, "stand-down", IncidentAction.StandDownMajor,
            (i, b, at, who) => i.StandDownMajor(Bodies.Required(b?.Reason, "reason", "why the major incident is stood down"), at, who.User));
        IncidentEndpoints.MapCommand<ResponseRoleRequest>(group, "roles", IncidentAction.AssignResponseRole, (i, b, at, who) =>
        {
            var role = b?.Role ?? throw ApiProblemException.BadField("role",
                $"'role' is required: {string.Join(", ", Enum.GetNames<ResponseRole>())}.");
            var user = b.User ?? throw ApiProblemException.BadField("user", "'user' is required: who takes (or gives up) the role.");
            if (b.Release == true)
            {
                i.ReleaseResponseRole(role, user, at, who.User);
            }
            else
            {
                i.AssignResponseRole(role, user, b.Note, at, who.User);
            }
        });
        IncidentEndpoints.MapCommand<RunbookStepRequest>(group, "runbook-step", IncidentAction.WorkRunbook, (i, b, at, who) =>
        {
            var step = b?.Step ?? throw ApiProblemException.BadField("step", "'step' is required: the step's number, from 1.");
            if (b.Skip == true)
            {
                i.SkipRunbookStep(step, Bodies.Required(b.Note, "note", "why the step is skipped"), at, who.User);
            }
            else
            {
                i.CompleteRunbookStep(step, b.Note, at, who.User);
            }
        });
        return group;
    }
}
