using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;

namespace IncidentKit.Escalation;

/// <summary>Resolves team and role targets from fixed lists: teams by name, roles by name, optionally per service.</summary>
/// <remarks>A role held per service (e.g. "service-owner-manager" of "orders-db") wins over the same role held
/// everywhere. Hosts with a live directory (LDAP, an HR system) implement <see cref="IEscalationDirectory"/> themselves.</remarks>
/// <threadsafety>This type is immutable once built and thread-safe; the <c>With…</c> methods return new instances.</threadsafety>
public sealed class EscalationDirectory : IEscalationDirectory
{
    private readonly Dictionary<string, UserId[]> _teams;
    private readonly Dictionary<(string Role, string Service), UserId[]> _roles;

    /// <summary>Initializes an empty directory.</summary>
    public EscalationDirectory()
        : this(new(StringComparer.Ordinal), [])
    {
    }

    private EscalationDirectory(Dictionary<string, UserId[]> teams, Dictionary<(string Role, string Service), UserId[]> roles)
    {
        _teams = teams;
        _roles = roles;
    }

    /// <summary>Parses a directory of teams and roles from JSON.</summary>
    /// <param name="json">The JSON text: <c>{ "teams": { "dba": ["bob", "carol"] }, "roles": { "incident-commander": ["erin"],
    /// "service-owner-manager": { "*": ["dave"], "orders-db": ["frank"] } } }</c>.</param>
    /// <returns>The directory.</returns>
    /// <remarks>A role maps to its holders everywhere, or to an object of service names to holders, where <c>"*"</c> stands for
    /// every service (see <see cref="WithRole"/>). Team, role and service names compare ordinally, as escalation targets name them;
    /// property names are case-insensitive and unknown properties are rejected.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The JSON is malformed or a team or role has no members; every problem is listed with its JSON path.</exception>
    public static EscalationDirectory FromJson(string json) => EscalationMatrixJson.ParseDirectory(Guard.Against.Null(json));

    /// <summary>Returns a directory that also knows a team.</summary>
    /// <param name="team">The team's name as escalation targets name it.</param>
    /// <param name="members">Its members, in paging order.</param>
    /// <returns>The new directory.</returns>
    /// <exception cref="ArgumentException"><paramref name="team"/> is empty or <paramref name="members"/> is empty.</exception>
    public EscalationDirectory WithTeam(string team, params UserId[] members)
    {
        Guard.Against.NullOrWhiteSpace(team);
        Guard.Against.NullOrEmpty(members);
        return new EscalationDirectory(new(_teams, StringComparer.Ordinal) { [team] = [.. members] }, _roles);
    }

    /// <summary>Returns a directory that also knows who holds a role, everywhere or for one service.</summary>
    /// <param name="role">The role's name, e.g. "incident-commander".</param>
    /// <param name="holders">Who holds it.</param>
    /// <param name="service">The service the holders answer for, or <see langword="null"/> for every service.</param>
    /// <returns>The new directory.</returns>
    /// <exception cref="ArgumentException"><paramref name="role"/> is empty or <paramref name="holders"/> is empty.</exception>
    public EscalationDirectory WithRole(string role, IReadOnlyList<UserId> holders, string? service = null)
    {
        Guard.Against.NullOrWhiteSpace(role);
        Guard.Against.NullOrEmpty(holders);
        return new EscalationDirectory(_teams, new(_roles) { [(role, service ?? string.Empty)] = [.. holders] });
    }

    /// <summary>Gets the names of the teams the directory knows, e.g. to check escalation targets against at start.</summary>
    public IReadOnlyCollection<string> TeamNames => _teams.Keys;

    /// <summary>Gets the names of the roles the directory knows, held everywhere or for at least one service.</summary>
    public IReadOnlyCollection<string> RoleNames => [.. _roles.Keys.Select(k => k.Role).Distinct(StringComparer.Ordinal)];

    /// <inheritdoc />
    public bool TryGetTeamMembers(string team, [NotNullWhen(true)] out IReadOnlyList<UserId>? members)
    {
        members = team is not null && _teams.TryGetValue(team, out var found) ? found : null;
        return members is not null;
    }

    /// <inheritdoc />
    public bool TryGetRoleHolders(string role, EscalationSubject subject, [NotNullWhen(true)] out IReadOnlyList<UserId>? holders)
    {
        holders = role is null ? null
            : subject.Service is { } service && _roles.TryGetValue((role, service), out var forService) ? forService
            : _roles.TryGetValue((role, string.Empty), out var everywhere) ? everywhere
            : null;
        return holders is not null;
    }
}
