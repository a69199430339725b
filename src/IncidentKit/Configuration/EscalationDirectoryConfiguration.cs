namespace IncidentKit.Configuration;

/// <summary>Describes who is in each team and who holds each role, for escalation targets that name them.</summary>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[Expected("{ \"teams\": { \"dba\": [\"bob\"] }, \"roles\": { \"incident-commander\": [\"dave\"] } }")]
public sealed record EscalationDirectoryConfiguration
{
    /// <summary>Gets the members of each team, by team name.</summary>
    [Expected("an object of team names to arrays of user ids", "a non-empty array of user ids", "a user id", NumberAsText = true, Entry = "team")]
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Teams { get; init; }

    /// <summary>Gets the holders of each role, by role name: an array of user ids, or an object of service names ("*" for every service) to arrays.</summary>
    [Expected("an object of role names to arrays of user ids (or to objects of service names to arrays)", "a non-empty array of user ids", "a non-empty array of user ids", "a user id", NumberAsText = true, Entry = "role")]
    public IReadOnlyDictionary<string, EscalationRoleConfiguration>? Roles { get; init; }
}
