using System.Text.Json.Serialization;
using Ardalis.GuardClauses;
using IncidentKit.Guards;

namespace IncidentKit.Escalation;

/// <summary>Represents who an escalation level notifies: a user, a team, an on-call schedule or a role.</summary>
/// <remarks>Teams, schedules and roles are resolved to people only when a step fires, through <see cref="IEscalationDirectory"/>
/// and <see cref="IOnCallResolver"/>, so a snapshot names them, not their members. The default value is not a valid target.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct EscalationTarget
{
    /// <summary>Initializes a target.</summary>
    /// <param name="kind">What the value names.</param>
    /// <param name="value">The user id, team name, schedule id or role name; at most 200 characters.</param>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is undefined, or <paramref name="value"/> is empty or too long.</exception>
    [JsonConstructor]
    public EscalationTarget(EscalationTargetKind kind, string value)
    {
        Kind = Guard.Against.EnumOutOfRange(kind);
        Value = Guard.Against.InvalidLine(value, 200);
    }

    /// <summary>Gets what <see cref="Value"/> names.</summary>
    public EscalationTargetKind Kind { get; }

    /// <summary>Gets the user id, team name, schedule id or role name.</summary>
    public string Value { get; }

    /// <summary>Returns a target naming one person.</summary>
    /// <param name="user">The person.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="user"/> is unset.</exception>
    public static EscalationTarget User(UserId user) => new(EscalationTargetKind.User, Guard.Against.Unset(user).Value);

    /// <summary>Returns a target naming a team.</summary>
    /// <param name="team">The team's name.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="team"/> is empty or too long.</exception>
    public static EscalationTarget Team(string team) => new(EscalationTargetKind.Team, Guard.Against.InvalidLine(team, 200));

    /// <summary>Returns a target naming an on-call schedule.</summary>
    /// <param name="scheduleId">The schedule's id.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="scheduleId"/> is empty or too long.</exception>
    public static EscalationTarget Schedule(string scheduleId) => new(EscalationTargetKind.Schedule, Guard.Against.InvalidLine(scheduleId, 200));

    /// <summary>Returns a target naming a role held for the incident.</summary>
    /// <param name="role">The role, e.g. "incident-commander".</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> is empty or too long.</exception>
    public static EscalationTarget Role(string role) => new(EscalationTargetKind.Role, Guard.Against.InvalidLine(role, 200));

    /// <summary>Returns a text such as <c>schedule:payments-primary</c>.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Value}";
}
