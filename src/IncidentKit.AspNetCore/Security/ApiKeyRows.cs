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

    public static void Bind(DbCommand command, ApiKeyRecord key, string prefix)
    {
        Add(command, prefix + "id", key.Id);
        Add(command, prefix + "hash", key.Hash);
        Add(command, prefix + "tenant", key.Tenant.Value);
        Add(command, prefix + "user", key.User.Value);
        Add(command, prefix + "roles", Roles(key.Roles));
        Add(command, prefix + "name", key.Name);
        Add(command, prefix + "created", key.CreatedAt.ToUnixTimeTicks());
        Add(command, prefix + "revoked", key.RevokedAt?.ToUnixTimeTicks());
    }

    public static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }
}
