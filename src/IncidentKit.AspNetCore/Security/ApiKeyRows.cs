using System.Data.Common;
using IncidentKit.Authorization;
using NodaTime;

namespace IncidentKit.AspNetCore.Security;

// The row shape both SQL key stores share: roles as comma-separated names, instants as Unix ticks.
internal static class ApiKeyRows
{
    public const string Columns = "id, hash, tenant, user_id, roles, name, created_at, revoked_at";

    public static string Roles(IReadOnlyList<IncidentRole> roles) => string.Join(',', roles);

    public static ApiKeyRecord Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        new TenantId(r.GetString(2)),
        new UserId(r.GetString(3)),
        [.. r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<IncidentRole>)],
        r.IsDBNull(5) ? null : r.GetString(5),
        Instant.FromUnixTimeTicks(r.GetInt64(6)),
        r.IsDBNull(7) ? null : Instant.FromUnixTimeTicks(r.GetInt64(7)));

    public static (string Name, object? Value)[] Parameters(ApiKeyRecord key) =>
    [
        ("id", key.Id), ("hash", key.Hash), ("tenant", key.Tenant.Value), ("user", key.User.Value), ("roles", Roles(key.Roles)),
        ("name", key.Name), ("created", key.CreatedAt.ToUnixTimeTicks()), ("revoked", key.RevokedAt?.ToUnixTimeTicks()),
    ];
}
