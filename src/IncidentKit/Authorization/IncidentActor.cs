using Ardalis.GuardClauses;
using IncidentKit.Guards;

namespace IncidentKit.Authorization;

/// <summary>Describes who asks for an action: a person or an automated actor, the tenant they belong to, and their roles there.</summary>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record IncidentActor
{
    /// <summary>Initializes an actor.</summary>
    /// <param name="user">Who.</param>
    /// <param name="tenant">The tenant they act in; an actor belongs to exactly one.</param>
    /// <param name="roles">Their roles in that tenant (may be empty: such an actor may do nothing).</param>
    /// <exception cref="ArgumentException"><paramref name="user"/> or <paramref name="tenant"/> is unset.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="roles"/> is null.</exception>
    public IncidentActor(UserId user, TenantId tenant, IEnumerable<IncidentRole> roles)
    {
        Guard.Against.Unset(user);
        Guard.Against.Unset(tenant);
        Guard.Against.Null(roles);
        User = user;
        Tenant = tenant;
        Roles = [.. roles.Distinct().Order()];
    }

    /// <summary>Gets who acts.</summary>
    public UserId User { get; }

    /// <summary>Gets the tenant the actor belongs to.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the actor's roles in the tenant, lowest first, without repeats.</summary>
    public IReadOnlyList<IncidentRole> Roles { get; }

    /// <summary>Gets the highest role held, or <see langword="null"/> when none is.</summary>
    public IncidentRole? HighestRole => Roles.Count == 0 ? null : Roles[^1];

    /// <summary>Returns the automated actor the library's worker and alert intake act as in a tenant (role <see cref="IncidentRole.System"/>).</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="user">The automated user; <see langword="null"/> takes <see cref="UserId.System"/>.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ArgumentException"><paramref name="tenant"/> is unset.</exception>
    public static IncidentActor System(TenantId tenant, UserId? user = null) => new(user ?? UserId.System, tenant, [IncidentRole.System]);
}
