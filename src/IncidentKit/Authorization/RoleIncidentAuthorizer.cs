namespace IncidentKit.Authorization;

/// <summary>Authorises by the default roles: viewer reads; responder opens and works incidents; incident commander also changes
/// priority and category, escalates, cancels and manages maintenance windows (silences); responders also write post-incident reviews and manage problem records; admin also configures. The host's automation (<see cref="IncidentRole.System"/>)
/// takes every incident action but never configures. Nobody acts in another tenant.</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RoleIncidentAuthorizer : IIncidentAuthorizer
{
    /// <summary>Gets the shared instance.</summary>
    public static RoleIncidentAuthorizer Instance { get; } = new();

    /// <summary>Returns the lowest role that may take an action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The role.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="action"/> is not defined.</exception>
    public static IncidentRole RequiredRole(IncidentAction action) => action switch
    {
        IncidentAction.Read => IncidentRole.Viewer,
        IncidentAction.Open or IncidentAction.Acknowledge or IncidentAction.Assign or IncidentAction.StartWork
            or IncidentAction.PutOnHold or IncidentAction.Resume or IncidentAction.AddWorkNote or IncidentAction.LinkAlert
            or IncidentAction.RecordDiagnosis or IncidentAction.Resolve or IncidentAction.Reopen or IncidentAction.Close
            or IncidentAction.PostStatusUpdate or IncidentAction.AddEvidence or IncidentAction.VerifyResolution
            or IncidentAction.DeclareMajor or IncidentAction.WorkRunbook or IncidentAction.WriteReview
            or IncidentAction.ManageProblems => IncidentRole.Responder,
        IncidentAction.ChangePriority or IncidentAction.Recategorise or IncidentAction.Escalate or IncidentAction.Cancel
            or IncidentAction.StandDownMajor or IncidentAction.AssignResponseRole or IncidentAction.ManageMaintenanceWindows => IncidentRole.IncidentCommander,
        IncidentAction.Configure => IncidentRole.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Expected a defined incident action."),
    };

    /// <inheritdoc />
    public AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var required = RequiredRole(action);
        if (actor.Tenant != tenant)
        {
            return AuthorizationDecision.Deny($"{actor.User} belongs to another tenant.");
        }

        if (actor.Roles.Contains(IncidentRole.System))
        {
            return action == IncidentAction.Configure
                ? AuthorizationDecision.Deny($"{actor.User} is the host's automation, which never configures the tenant.")
                : AuthorizationDecision.Allow;
        }

        return actor.HighestRole is { } role && role >= required
            ? AuthorizationDecision.Allow
            : AuthorizationDecision.Deny($"{action} needs the {required} role; {actor.User} holds {(actor.HighestRole is { } r ? r.ToString() : "no role")}.");
    }
}
